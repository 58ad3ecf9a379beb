import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Env } from './env-values';

let loaded = false;

/**
 * The process environment, after reading `.env` from the working directory once, if there is one.
 * A variable already set in the real environment wins over the file, even when set to "".
 */
export function processEnv(): Env {
  if (!loaded) {
    loaded = true;
    const file = resolve('.env');
    if (existsSync(file)) process.loadEnvFile(file);
  }
  return process.env;
}
