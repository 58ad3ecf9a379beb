/**
 * `scheme://user:password@` anywhere in a text: connection strings, provider URLs, and error
 * messages or stacks that quote them. The user stays, so a reader still knows which account.
 */
const PASSWORD_IN_URL = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#@]+@/gi;

/** Hides the password of every URL in `text`: `postgres://app:s3cret@db` becomes `postgres://app:***@db`. */
export function redactCredentials(text: string): string {
  return text.replace(PASSWORD_IN_URL, '$1***@');
}
