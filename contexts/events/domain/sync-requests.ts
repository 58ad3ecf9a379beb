/**
 * Requests for a sync of every provider now, made by an operator (the admin API) and taken by one
 * running worker. The API records a request and never calls a provider itself.
 */
export abstract class SyncRequests {
  abstract request(at: Date): Promise<void>;

  /**
   * Takes every pending request at once (a burst of requests makes one sync); true if there was
   * any. Each request is taken by exactly one caller, whichever of several workers asks.
   */
  abstract claim(): Promise<boolean>;
}
