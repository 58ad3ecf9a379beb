/** The database DATABASE_URL names could not be used at boot, even after retrying. */
export class DatabaseUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnreachableError';
    // An operating condition, not a bug: where in our code it surfaced would only bury the message.
    this.stack = `${this.name}: ${message}`;
  }
}
