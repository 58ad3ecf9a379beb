import { ConfigError } from './config-error';
import { Env, optional } from './env-values';

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
export function providerSettings(env: Env): ProviderSetting[] {
  const list = optional(env, 'PROVIDERS');
  return list === null ? [singleProvider(env)] : providerList(list);
}

function singleProvider(env: Env): ProviderSetting {
  const name = optional(env, 'PROVIDER_NAME') ?? 'default';
  if (!NAME.test(name)) throw new ConfigError('PROVIDER_NAME', `must be ${NAME_RULE}, got "${name}"`);
  const given = optional(env, 'PROVIDER_URL') ?? SINGLE_PROVIDER_DEFAULT_URL;
  const parsed = httpUrl(given, (problem) => new ConfigError('PROVIDER_URL', problem));
  if (parsed.pathname !== '/') return { name, feedUrl: given, format: DEFAULT_FORMAT };
  parsed.pathname = REFERENCE_FEED_PATH;
  return { name, feedUrl: parsed.href, format: DEFAULT_FORMAT };
}

function providerList(list: string): ProviderSetting[] {
  const settings = list.split(',').map((entry, index) => providerEntry(entry.trim(), index + 1));
  const seen = new Set<string>();
  for (const { name } of settings) {
    if (seen.has(name)) throw new ConfigError('PROVIDERS', `names provider "${name}" twice; names must be unique`);
    seen.add(name);
  }
  return settings;
}

function providerEntry(entry: string, position: number): ProviderSetting {
  const bad = (problem: string) =>
    new ConfigError('PROVIDERS', `entry ${position} ("${entry}") ${problem}; expected name=url or name=url;format=xml`);
  const separator = entry.indexOf('=');
  if (separator < 0) throw bad('has no "="');
  const name = entry.slice(0, separator).trim();
  if (!NAME.test(name)) throw bad(`has the name "${name}", which must be ${NAME_RULE}`);
  const [feedUrl, ...options] = entry
    .slice(separator + 1)
    .split(';')
    .map((part) => part.trim());
  httpUrl(feedUrl, bad);
  let format = DEFAULT_FORMAT;
  for (const option of options) {
    const match = /^format=([a-z0-9-]+)$/.exec(option);
    if (!match) throw bad(`has the option "${option}"; the only option is format=<name>`);
    format = match[1];
  }
  return { name, feedUrl, format };
}

function httpUrl(value: string, bad: (problem: string) => ConfigError): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw bad(`must hold an http(s) URL, got "${value}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw bad(`must use http: or https:, got "${parsed.protocol}"`);
  }
  return parsed;
}
