import { Client } from 'pg';

/** Runs one statement on `url` over a connection of its own, for setup and upkeep outside the apps' pools. */
export async function runStatement(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
