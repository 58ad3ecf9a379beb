import { once } from 'node:events';
import { resolveDatabaseUrl } from '@shared/database/embedded-postgres';

/**
 * One local process using the embedded PostgreSQL, as an app would: argv is the data directory and
 * the port. Prints {"url"} once it can connect, closes (and stops hosting) when stdin closes.
 */
async function run(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const endpoint = await resolveDatabaseUrl({ databaseUrl: null, dataDir, embeddedDatabasePort: Number(port) });
  process.stdout.write(`${JSON.stringify({ url: endpoint.url })}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  await endpoint.close();
  process.exit(0);
}

run().catch((error: Error) => {
  process.stderr.write(`embedded PostgreSQL process failed: ${error.stack}\n`);
  process.exit(1);
});
