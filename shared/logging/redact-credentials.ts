/**
 * `scheme://user:password@` anywhere in a text: connection strings, provider URLs, and error
 * messages or stacks that quote them. The password runs to the last `@` of the authority, since
 * an unencoded `@` (or `#`, `?`) in it is common and URL parsers accept it. The user stays, so a
 * reader still knows which account. The scheme is matched only from its start and at most 32
 * characters long: matched from every word boundary, a long line of `a-a-a…` took 160 ms.
 */
const PASSWORD_IN_URL = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/?#@]*:)[^\s/]*@/gi;
/** `https://token@host`: over http(s) a user without a password is a token, not an account name. */
const TOKEN_IN_HTTP_URL = /\b(https?:\/\/)[^\s:/?#@]+@/gi;
/** `?password=…` or `&password=…`, as libpq and node-pg take it in a connection string. */
const PASSWORD_PARAMETER = /([?&]password=)[^&\s#]+/gi;

/** `user:password@` at the start of a value (or of a `name=` entry's value): a URL whose scheme was forgotten; the password runs to the last `@`. */
const PASSWORD_WITHOUT_SCHEME = /^(\s*[^\s=]*\s*=\s*)?([^\s:/?#@=]*:)(?!\/\/)\S*@/;

/** Secrets of configured URLs that no pattern can find in free text (a password holding a space, say). */
const knownSecrets = new Set<string>();
/**
 * Shorter secrets are left to the patterns: replacing every occurrence of a short word (a user
 * named `feed`, say) would garble every line that uses it.
 */
const MIN_KNOWN_SECRET_LENGTH = 8;

/** Hides the password of every URL in `text`: `postgres://app:s3cret@db` becomes `postgres://app:***@db`. */
export function redactCredentials(text: string): string {
  let redacted = text.replace(PASSWORD_IN_URL, '$1***@').replace(TOKEN_IN_HTTP_URL, '$1***@').replace(PASSWORD_PARAMETER, '$1***');
  for (const secret of knownSecrets) redacted = redacted.split(secret).join('***');
  return redacted;
}

/** Hides the password of a value meant as one URL (or a `name=url` entry), even one with no scheme (`app:s3cret@db:5432`). */
export function redactCredentialsOfUrl(value: string): string {
  return redactCredentials(value.replace(PASSWORD_WITHOUT_SCHEME, '$1$2***@'));
}

/**
 * Remembers the secrets a configured URL holds (its password, as written and decoded, a password
 * parameter, an http(s) URL's token), so redactCredentials hides them wherever they turn up.
 */
export function rememberSecretsOf(url: URL): void {
  const secrets = [url.password, safelyDecoded(url.password), url.searchParams.get('password') ?? ''];
  if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.password) secrets.push(url.username, safelyDecoded(url.username));
  for (const secret of secrets) if (secret.length >= MIN_KNOWN_SECRET_LENGTH) knownSecrets.add(secret);
}

function safelyDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
