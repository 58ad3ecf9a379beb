export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Every bad setting at once, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      problems.length === 1
        ? `Invalid configuration: ${describe(problems[0])}`
        : `Invalid configuration (${problems.length} problems):\n${problems.map((p) => `  - ${describe(p)}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function describe({ variable, problem }: ConfigProblem): string {
  return `${variable} ${problem}`;
}
