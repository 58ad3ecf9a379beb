import { runStatement } from '@shared/database/run-statement';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of the benchmark database `name`, on the server BENCH_DATABASE_URL points at. */
export function benchDatabaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty database for one benchmark (BENCH_DATABASE_URL is the admin connection). */
export async function freshBenchDatabase(name: string): Promise<string> {
  await runStatement(ADMIN_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await runStatement(ADMIN_URL, `CREATE DATABASE "${name}"`);
  return benchDatabaseUrl(name);
}

