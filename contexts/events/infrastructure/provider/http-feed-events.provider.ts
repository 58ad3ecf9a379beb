import { EventsProvider } from '@contexts/events/domain/events-provider';
import { ProviderItem } from '@contexts/events/domain/provider-item';
import { FeedFormat } from './feed-format';
import { ResilientHttpFeed, ResilientHttpFeedOptions } from './resilient-http-feed';
import { XML_FEED_FORMAT } from './xml.feed-format';

export interface HttpFeedEventsProviderOptions extends Omit<ResilientHttpFeedOptions, 'media'> {
  /** XML when not given. */
  format?: FeedFormat;
}

/** A provider's feed over HTTP: the resilient download of its feed, read by its format's translator. */
export class HttpFeedEventsProvider extends EventsProvider {
  readonly name: string;
  private readonly feed: ResilientHttpFeed;
  private readonly format: FeedFormat;

  constructor({ format = XML_FEED_FORMAT, ...options }: HttpFeedEventsProviderOptions) {
    super();
    this.name = options.name;
    this.format = format;
    this.feed = new ResilientHttpFeed({ ...options, media: format.media });
  }

  read(seenAt: Date, signal?: AbortSignal): AsyncIterable<ProviderItem> {
    return this.feed.read((body) => this.format.translate(body, { provider: this.name, seenAt }), signal);
  }

  override bytesReceived(): number {
    return this.feed.bytesReceived();
  }
}
