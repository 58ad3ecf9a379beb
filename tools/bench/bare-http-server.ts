import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { CannedResponses } from './canned-response';

/**
 * The baseline of `make bench-http`: node:http with nothing in between, answering each path with
 * the status, headers and body the API gave for it, so the two differ only in the work done per
 * request. Usage: node bare-http-server.js <canned-responses.json> <port>
 */
const [file, port] = process.argv.slice(2);
const canned = JSON.parse(readFileSync(file, 'utf8')) as CannedResponses;
const routes = new Map(
  Object.entries(canned).map(([path, response]) => {
    const body = Buffer.from(response.body, 'base64');
    return [path, { status: response.status, headers: { ...response.headers, 'content-length': String(body.length) }, body }];
  }),
);

createServer((request, response) => {
  const route = routes.get(request.url ?? '');
  if (!route) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(route.status, route.headers).end(route.body);
}).listen(Number(port), '127.0.0.1');
