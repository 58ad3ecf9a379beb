import { EventsProvider } from './events-provider';

/** Every provider this deployment syncs, in the configured order; names are unique. */
export abstract class ProviderCatalog {
  abstract readonly providers: readonly EventsProvider[];
}
