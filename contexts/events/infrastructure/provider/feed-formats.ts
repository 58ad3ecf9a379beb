import { ConfigError } from '@shared/config/config-error';
import { FeedFormat } from './feed-format';
import { XML_FEED_FORMAT } from './xml.feed-format';

/** Every format a provider may name in PROVIDERS (`;format=<name>`). */
export const FEED_FORMATS: readonly FeedFormat[] = [XML_FEED_FORMAT];

/** The registered format of that name; a name nobody reads stops the app at boot, naming the provider. */
export function feedFormatOf(provider: string, name: string): FeedFormat {
  const format = FEED_FORMATS.find((candidate) => candidate.name === name);
  if (format) return format;
  const known = FEED_FORMATS.map((candidate) => candidate.name).join(', ');
  throw new ConfigError([{ variable: 'PROVIDERS', problem: `gives provider "${provider}" the format "${name}"; the known formats are: ${known}` }]);
}
