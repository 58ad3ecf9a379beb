/**
 * Statement parameters for a batch's lookups, built as PostgreSQL array literals in one join: the
 * driver would otherwise quote and escape each of tens of thousands of elements (a third of an
 * unchanged batch's time). Only for elements that never need quoting in an array literal: uuids,
 * base64 hashes, booleans and ISO timestamps (no braces, commas, quotes, backslashes or spaces,
 * and none can read as NULL).
 */
export function plainArrayLiteral(elements: readonly (string | boolean)[]): string {
  return `{${elements.join(',')}}`;
}

let renderedTime = NaN;
let renderedText = '';

/**
 * A Date as ISO text. The events of a sync share their sighting time, so it is rendered once and
 * reused for every row and column instead of once per use.
 */
export function timestampText(date: Date): string {
  const time = date.getTime();
  if (time !== renderedTime) {
    renderedText = date.toISOString();
    renderedTime = time;
  }
  return renderedText;
}
