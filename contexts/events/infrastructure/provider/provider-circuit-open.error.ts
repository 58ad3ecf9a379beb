/** Reads are refused without calling the provider because its recent reads kept failing. */
export class ProviderCircuitOpenError extends Error {
  constructor(provider: string, cooldownMs: number, lastFailure: string | null) {
    const cause = lastFailure ? ` Last failure: ${lastFailure}` : '';
    super(
      `Provider "${provider}" keeps failing: reads fail fast until a probe is let through ` +
        `${cooldownMs} ms after the circuit opened.${cause}`,
    );
    this.name = 'ProviderCircuitOpenError';
  }
}
