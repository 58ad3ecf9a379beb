import { ProviderItem } from './provider-item';

/**
 * A source of events (an external feed). Implementations stream: items arrive while the feed is
 * still being read, and any failure to read the feed as a whole rejects the iteration.
 */
export abstract class EventsProvider {
  abstract readonly name: string;

  abstract read(seenAt: Date, signal?: AbortSignal): AsyncIterable<ProviderItem>;

  /** Feed bytes the read in progress (or the last one) has received, for progress reports; 0 if not known. */
  bytesReceived(): number {
    return 0;
  }
}
