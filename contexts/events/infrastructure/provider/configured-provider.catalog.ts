import { EventsProvider } from '@contexts/events/domain/events-provider';
import { ProviderCatalog } from '@contexts/events/domain/provider-catalog';
import { ProviderSetting } from '@shared/config/provider-settings';
import { feedFormatOf } from './feed-formats';
import { HttpFeedEventsProvider, HttpFeedEventsProviderOptions } from './http-feed-events.provider';

/**
 * The configured providers, each with a feed of its own, so retries and the circuit breaker judge
 * one provider at a time, read by the translator of the format it names. Built at boot: a format
 * nobody reads stops the app there.
 */
export class ConfiguredProviderCatalog extends ProviderCatalog {
  readonly providers: readonly EventsProvider[];

  /** `client`: what every provider's feed shares (limits, and the observer metrics watch through). */
  constructor(settings: readonly ProviderSetting[], client: Pick<HttpFeedEventsProviderOptions, 'timeoutMs' | 'maxDurationMs' | 'observer'>) {
    super();
    this.providers = settings.map(
      ({ name, feedUrl, format }) => new HttpFeedEventsProvider({ name, feedUrl, format: feedFormatOf(name, format), ...client }),
    );
  }
}
