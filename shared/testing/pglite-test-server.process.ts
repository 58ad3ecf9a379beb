import { once } from 'node:events';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** An in-memory PGlite on a free port, for one test file: prints {"port"}, stops when stdin closes. */
async function serve(): Promise<void> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 10 });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  await server.stop();
  await db.close();
  process.exit(0);
}

serve().catch((error: Error) => {
  process.stderr.write(`PGlite test server failed: ${error.stack}\n`);
  process.exit(1);
});
