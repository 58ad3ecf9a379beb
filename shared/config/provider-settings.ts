import { redactCredentialsOfUrl, rememberSecretsOf } from '@shared/logging/redact-credentials';
import { EnvReader } from './env-values';

/** One provider to sync: its name (part of every event's identity), its feed and the feed's format. */
export interface ProviderSetting {
  name: string;
  /** Requested exactly as configured. */
  feedUrl: string;
  /** Which translator reads the feed; checked against the registered formats when the apps wire it. */
  format: string;
}

const NAME = /^[a-z0-9-]{1,32}$/;
const NAME_RULE = '1 to 32 of a-z, 0-9 and -';
const DEFAULT_FORMAT = 'xml';
const SINGLE_PROVIDER_DEFAULT_URL = 'http://127.0.0.1:3001';
// The reference provider serves its feed here; a bare PROVIDER_URL names that provider's host.
const REFERENCE_FEED_PATH = '/api/events';

/**
 * `PROVIDERS` (comma-separated `name=url[;format=xml]`) when set, else the single provider of
 * `PROVIDER_NAME` + `PROVIDER_URL`. Every problem names the entry it was found in.
 */
export function providerSettings(read: EnvReader): ProviderSetting[] {
  const list = read.optional('PROVIDERS');
  return list === null ? singleProvider(read) : providerList(read, list);
}

function singleProvider(read: EnvReader): ProviderSetting[] {
  const name = read.optional('PROVIDER_NAME') ?? 'default';
  if (!NAME.test(name)) return read.problem('PROVIDER_NAME', `must be ${NAME_RULE}, got "${name}"`, []);
  const given = read.optional('PROVIDER_URL') ?? SINGLE_PROVIDER_DEFAULT_URL;
  const parsed = httpUrl(given);
  if (typeof parsed === 'string') return read.problem('PROVIDER_URL', parsed, []);
  if (parsed.pathname !== '/') return [{ name, feedUrl: given, format: DEFAULT_FORMAT }];
  parsed.pathname = REFERENCE_FEED_PATH;
  return [{ name, feedUrl: parsed.href, format: DEFAULT_FORMAT }];
}

function providerList(read: EnvReader, list: string): ProviderSetting[] {
  const settings: ProviderSetting[] = [];
  list.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    const setting = providerEntry(entry);
    if (typeof setting === 'string') {
      read.problem('PROVIDERS', `entry ${index + 1} ("${redactCredentialsOfUrl(entry)}") ${setting}; expected name=url or name=url;format=xml`, null);
    } else if (settings.some((earlier) => earlier.name === setting.name)) {
      read.problem('PROVIDERS', `names provider "${setting.name}" twice; names must be unique`, null);
    } else {
      settings.push(setting);
    }
  });
  return settings;
}

/** The setting, or what is wrong with the entry. */
function providerEntry(entry: string): ProviderSetting | string {
  const separator = entry.indexOf('=');
  if (separator < 0) return 'has no "="';
  const name = entry.slice(0, separator).trim();
  if (!NAME.test(name)) return `has the name "${name}", which must be ${NAME_RULE}`;
  const [feedUrl, ...options] = entry
    .slice(separator + 1)
    .split(';')
    .map((part) => part.trim());
  const parsed = httpUrl(feedUrl);
  if (typeof parsed === 'string') return parsed;
  let format = DEFAULT_FORMAT;
  for (const option of options) {
    const match = /^format=([a-z0-9-]+)$/.exec(option);
    if (!match) return `has the option "${option}"; the only option is format=<name>`;
    format = match[1];
  }
  return { name, feedUrl, format };
}

/** The parsed URL, or what is wrong with it. */
function httpUrl(value: string): URL | string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return `must hold an http(s) URL, got "${redactCredentialsOfUrl(value)}"`;
  }
  rememberSecretsOf(parsed);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must use http: or https:, got "${parsed.protocol}"`;
  return parsed;
}
