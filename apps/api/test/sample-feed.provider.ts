import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { EventsProvider } from '@contexts/events/domain/events-provider';
import { ProviderItem } from '@contexts/events/domain/provider-item';
import { translateXmlFeed } from '@contexts/events/infrastructure/provider/xml-feed.translator';

const SAMPLES = join(__dirname, '../../../shared/provider-sim/samples');

/** Serves the provider's real sample responses, one per read, through the real XML translator. */
export class SampleFeedProvider extends EventsProvider {
  readonly name = 'default';
  private readonly feeds: string[];

  constructor(...samples: string[]) {
    super();
    this.feeds = samples.map((sample) => join(SAMPLES, sample));
  }

  read(seenAt: Date): AsyncIterable<ProviderItem> {
    const feed = this.feeds.shift();
    if (!feed) throw new Error('no sample feed left to serve');
    return translateXmlFeed(createReadStream(feed), { provider: this.name, seenAt });
  }
}
