/**
 * Why one call to a provider failed, as a small fixed set (metrics label it, so it must never carry
 * a URL or a message): no answer in time, no connection, a status other than 200, a body that is
 * not of the feed's format (HTML, say), a body cut short, a feed that cannot be parsed, or no call
 * at all because the circuit is open.
 */
export type ProviderFailureReason = 'timeout' | 'unreachable' | 'http_status' | 'wrong_content_type' | 'broken_off' | 'malformed' | 'circuit_open';

/** Told about every call a provider adapter makes (metrics watch this); in memory, never throws. */
export abstract class ProviderCallObserver {
  /** One HTTP call ended, its body read or not; `seconds` from the request to its end. */
  abstract callFinished(provider: string, seconds: number): void;

  abstract callFailed(provider: string, reason: ProviderFailureReason): void;

  /** The provider's circuit opened (calls fail fast) or closed again. */
  abstract circuitChanged(provider: string, open: boolean): void;
}
