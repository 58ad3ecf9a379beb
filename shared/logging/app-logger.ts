import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { LogFormat, LogLevel } from '../config/app-config';
import { redactCredentials } from './redact-credentials';

export interface AppLoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Written on every line, to tell the api's lines from the worker's in a shared collector. */
  app: string;
  /** Where lines go; stdout unless a test wants to read them. */
  destination?: DestinationStream;
}

/**
 * The process's one pino logger. Every line passes through redactCredentials on its way out, so a
 * password inside a connection string, a provider URL or an error's stack never reaches the output.
 */
export function createAppLogger(options: AppLoggerOptions): Logger {
  const settings: LoggerOptions = { level: options.level, base: { app: options.app }, timestamp: pino.stdTimeFunctions.isoTime };
  if (options.format === 'pretty') {
    const output = options.destination ?? pino.destination({ dest: 1, sync: true });
    const prettify = prettyFactory({ colorize: !options.destination && process.stdout.isTTY, ignore: 'pid,hostname,app' });
    return pino(settings, redacting({ write: (line: string) => output.write(prettify(line)) }));
  }
  const output = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino({ ...settings, formatters: { level: (label) => ({ level: label }) } }, redacting(output));
}

function redacting(target: DestinationStream): DestinationStream {
  return { write: (line: string) => target.write(redactCredentials(line)) };
}
