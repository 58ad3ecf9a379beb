import { ProviderFailureReason } from '@contexts/events/domain/provider-call.observer';

/**
 * The provider could not be asked or did not answer usefully (HTTP status, content type, timeout,
 * network). `retryable` is true only for failures worth asking again before any item was read.
 */
export class ProviderRequestError extends Error {
  constructor(
    message: string,
    readonly reason: Exclude<ProviderFailureReason, 'malformed' | 'circuit_open'>,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderRequestError';
  }
}
