import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { runStatement } from '../database/run-statement';
import { TypeScriptProcess } from './typescript-process';

/** A database of a test file's own, empty, gone after dispose(). */
export interface TestDatabase {
  url: string;
  dispose(): Promise<void>;
}

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function asAdmin(sql: string): Promise<void> {
  return runStatement(ADMIN_URL, sql);
}

/** A fresh, uniquely named database on the real server (TEST_DATABASE_URL is the admin connection). */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a pool a failed test left open must not keep the database alive.
    dispose: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** An in-memory PGlite behind its socket server on a free port, in a child process (see register-typescript.js). */
export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const server = TypeScriptProcess.start(join(__dirname, 'pglite-test-server.process.ts'));
  const { port } = await server.nextMessage<{ port: number }>();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dispose: async () => {
      await server.stop();
    },
  };
}

/** Generous enough for PGlite, which creates its database at every start (a few seconds). */
export const TEST_DATABASE_TIMEOUT_MS = 60_000;
