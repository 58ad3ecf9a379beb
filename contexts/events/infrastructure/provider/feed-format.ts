import { ProviderItem } from '@contexts/events/domain/provider-item';

/** Who the items of a feed belong to and when they were seen. */
export interface FeedContext {
  provider: string;
  seenAt: Date;
}

/** The media a format is served as: asked for in Accept, checked against Content-Type. */
export interface FeedMedia {
  /** Named in errors ("… instead of XML"). */
  description: string;
  accept: string;
  /** Matches every Content-Type the format comes as; a response without one is left to the translator. */
  contentType: RegExp;
}

/**
 * One way a provider writes its feed (the `format=` of PROVIDERS). The HTTP side is the same for
 * every format (ResilientHttpFeed); a new format is a translator plus its entry in FEED_FORMATS.
 */
export interface FeedFormat {
  name: string;
  media: FeedMedia;
  /**
   * Streams the body's items as they arrive: an event, or a rejection naming the bad item. Throws
   * ProviderFeedError when the body as a whole is not a complete feed of this format.
   */
  translate(body: AsyncIterable<Buffer | string>, context: FeedContext): AsyncIterable<ProviderItem>;
}
