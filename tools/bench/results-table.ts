import { LoadFigures } from './http-load';

/** A measured run, or a figure derived from runs (then without connections and figures). */
export interface ResultRow {
  run: string;
  connections?: number;
  figures?: LoadFigures;
  target?: string;
  met?: boolean;
}

const HEADINGS = ['run', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'bytes/resp', 'target'];

function cells(row: ResultRow): string[] {
  const figures = row.figures;
  const verdict = row.target === undefined ? '' : `${row.target} ${row.met ? 'met' : 'MISSED'}`;
  if (!figures) return [row.run, '', '', '', '', '', verdict];
  return [
    row.run,
    String(row.connections ?? ''),
    Math.round(figures.rps).toLocaleString('en-US'),
    figures.p50Ms.toFixed(2),
    figures.p99Ms.toFixed(2),
    Math.round(figures.bytesPerResponse).toLocaleString('en-US'),
    verdict,
  ];
}

/** Things a reader of the table must know to trust a figure in it. */
function caveats(rows: ResultRow[]): string[] {
  return rows.flatMap((row) => {
    const figures = row.figures;
    if (!figures) return [];
    const lines: string[] = [];
    if (figures.failures > 0) lines.push(`${row.run}: ${figures.failures} requests failed (errors, timeouts or non-2xx)`);
    if (figures.correctedP99Ms !== null && figures.correctedP99Ms > figures.p99Ms + 1) {
      lines.push(`${row.run}: the rate was not kept up; autocannon's p99 corrected for coordinated omission is ${figures.correctedP99Ms} ms`);
    }
    return lines;
  });
}

/** Text columns left-aligned, figures right-aligned. */
export function resultsTable(rows: ResultRow[]): string {
  const table = [HEADINGS, ...rows.map(cells)];
  const widths = HEADINGS.map((_, column) => Math.max(...table.map((line) => line[column].length)));
  const lines = table.map((line) =>
    line
      .map((cell, column) => (column === 0 || column === line.length - 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd(),
  );
  return [...lines, ...caveats(rows).map((line) => `note: ${line}`)].join('\n');
}
