/**
 * The feed as a whole cannot be trusted (not XML, malformed, cut short, not an events feed).
 * Thrown rather than yielded so the run that was reading it rolls back instead of storing half a feed.
 */
export class ProviderFeedError extends Error {
  constructor(readonly reason: string) {
    super(`Unreadable provider feed: ${reason}`);
    this.name = 'ProviderFeedError';
  }
}
