import { EventsProvider } from '@contexts/events/domain/events-provider';
import { ProviderCatalog } from '@contexts/events/domain/provider-catalog';
import { ConfigError } from '@shared/config/config-error';
import { ProviderSetting } from '@shared/config/provider-settings';
import { HttpXmlEventsProvider, HttpXmlEventsProviderOptions } from './http-xml-events.provider';

/**
 * The configured providers, each with a client of its own, so retries and the circuit breaker judge
 * one provider's feed at a time. Built at boot: a format nobody reads stops the app there.
 */
export class ConfiguredProviderCatalog extends ProviderCatalog {
  readonly providers: readonly EventsProvider[];

  /** `client`: what every provider's client shares (limits, and the observer metrics watch through). */
  constructor(settings: readonly ProviderSetting[], client: Pick<HttpXmlEventsProviderOptions, 'timeoutMs' | 'maxDurationMs' | 'observer'>) {
    super();
    this.providers = settings.map((setting) => {
      if (setting.format !== 'xml') {
        const problem = `gives provider "${setting.name}" the format "${setting.format}"; the known formats are: xml`;
        throw new ConfigError([{ variable: 'PROVIDERS', problem }]);
      }
      return new HttpXmlEventsProvider({ name: setting.name, feedUrl: setting.feedUrl, ...client });
    });
  }
}
