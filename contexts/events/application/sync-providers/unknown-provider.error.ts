/** A run was asked for a provider that is not configured. */
export class UnknownProviderError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`Unknown provider "${name}"; the configured providers are: ${known.join(', ')}`);
    this.name = 'UnknownProviderError';
  }
}
