import { compile as compileTrustedProxies } from '@fastify/proxy-addr';
import { redactCredentialsOfUrl, rememberSecretsOf } from '@shared/logging/redact-credentials';
import { ConfigError, ConfigProblem } from './config-error';

export type Env = Record<string, string | undefined>;

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

/**
 * Reads environment variables, naming the variable and the problem when a value is bad. A bad value
 * is noted and its default used, so that `settings()` can report every bad variable in one error.
 */
export class EnvReader {
  private readonly problems: ConfigProblem[] = [];

  constructor(private readonly env: Env) {}

  /** The settings read so far, or one ConfigError listing every bad variable. */
  settings<T>(values: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return values;
  }

  /** Unset and blank both mean "not given". */
  optional(name: string): string | null {
    const value = this.env[name]?.trim();
    return value ? value : null;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      return this.problem(name, `must be a whole number from ${min} to ${max}, got "${raw}"`, fallback);
    }
    return value;
  }

  ratio(name: string, fallback: number): number {
    const raw = this.optional(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || value > 1) return this.problem(name, `must be a number from 0 to 1, got "${raw}"`, fallback);
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === null) return fallback;
    const value = allowed.find((candidate) => candidate.toLowerCase() === raw.toLowerCase());
    if (value === undefined) return this.problem(name, `must be one of ${allowed.join(', ')}, got "${raw}"`, fallback);
    return value;
  }

  flag(name: string, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (TRUE_WORDS.includes(raw)) return true;
    if (FALSE_WORDS.includes(raw)) return false;
    return this.problem(name, `must be true or false, got "${raw}"`, fallback);
  }

  /** Comma-separated values, blanks dropped; unset is an empty list. */
  list(name: string): string[] {
    return (this.optional(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /**
   * Comma-separated web origins (`scheme://host[:port]`, as a browser sends them in Origin). An
   * origin with a path or a trailing slash would never match one and silently allow nothing.
   */
  origins(name: string): string[] {
    const origins = this.list(name);
    const bad = origins.filter((origin) => !isOrigin(origin));
    if (bad.length === 0) return origins;
    return this.problem(name, `must be comma-separated origins such as https://shop.example or http://localhost:8080 (no path, no trailing slash), got "${bad.join(', ')}"`, []);
  }

  /** Fastify's trustProxy: true/false, a number of hops, or a comma-separated list of proxy addresses or CIDRs. */
  trustProxy(name: string): boolean | number | string[] {
    const raw = this.optional(name);
    if (raw === null) return false;
    if (/^\d+$/.test(raw)) return Number(raw);
    if ([...TRUE_WORDS, ...FALSE_WORDS].includes(raw.toLowerCase())) return this.flag(name, false);
    const proxies = this.list(name);
    // Checked by the parser Fastify itself will use, so what passes here cannot fail at boot.
    const bad = proxies.filter((proxy) => !parsesAsProxy(proxy));
    if (bad.length === 0) return proxies;
    return this.problem(
      name,
      `must be true, false, a number of hops or comma-separated proxy addresses or CIDRs (or loopback, linklocal, uniquelocal), got "${bad.join(', ')}"`,
      false,
    );
  }

  url(name: string, protocols: string[], fallback: string): string {
    const value = this.optional(name);
    return value === null ? fallback : this.checkedUrl(name, value, protocols);
  }

  /**
   * A URL whose absence switches to a built-in stand-in (`unsetMeans`). Set but blank is an error,
   * not the stand-in: `DATABASE_URL=` is far more often a value lost on the way than a choice.
   */
  urlOrUnset(name: string, protocols: string[], unsetMeans: string): string | null {
    const raw = this.env[name];
    if (raw === undefined) return null;
    if (raw.trim() === '') {
      return this.problem(name, `is set but empty: unset it to use ${unsetMeans}, or give a ${protocols[0]}// URL`, null);
    }
    return this.checkedUrl(name, raw.trim(), protocols);
  }

  private checkedUrl(name: string, value: string, protocols: string[]): string {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return this.problem(name, `must be a URL (e.g. ${protocols[0]}//host:port), got "${redactCredentialsOfUrl(value)}"`, value);
    }
    rememberSecretsOf(parsed);
    if (!protocols.includes(parsed.protocol)) {
      return this.problem(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`, value);
    }
    return value;
  }

  /** A path on a server, such as a route: starts with "/", no query or fragment. */
  path(name: string, fallback: string): string {
    const raw = this.optional(name);
    if (raw === null) return fallback;
    if (!/^\/[^?#\s]*$/.test(raw)) return this.problem(name, `must be a path starting with "/", got "${raw}"`, fallback);
    return raw;
  }

  /** Notes a bad value found by a reader of a setting's own syntax (e.g. a list of entries); returns the fallback. */
  problem<T>(variable: string, problem: string, fallback: T): T {
    this.problems.push({ variable, problem });
    return fallback;
  }
}

function parsesAsProxy(proxy: string): boolean {
  try {
    compileTrustedProxies(proxy);
    return true;
  } catch {
    return false;
  }
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}
