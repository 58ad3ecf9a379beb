import { redactCredentials } from '../logging/redact-credentials';

/** A connection string fit for a log line or an error message: the password becomes `***`. */
export const redactUrl: (value: string) => string = redactCredentials;
