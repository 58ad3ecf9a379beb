import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { errorResponse } from './events.response-mapper';

interface ClientErrorAnswer {
  status: number;
  code: string;
  message: string;
}

function answerFor(error: NodeJS.ErrnoException): ClientErrorAnswer {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'HEADERS_TOO_LARGE', message: 'the request headers are larger than the server accepts (16 KB): send fewer or shorter headers' };
    case 'HPE_INVALID_METHOD':
      return { status: 400, code: 'UNKNOWN_METHOD', message: 'unknown HTTP method: use GET (or HEAD)' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'REQUEST_TIMEOUT', message: 'the request was not received in time' };
    default:
      return { status: 400, code: 'MALFORMED_REQUEST', message: 'the request is not valid HTTP/1.1' };
  }
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser rejected the bytes (headers too large, a
 * method it does not know, garbage) before any request existed, so nothing of the pipeline can
 * run and the answer is written on the socket itself, still in the error envelope.
 */
export function answerClientErrorInEnvelope(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, code, message } = answerFor(error);
    const body = JSON.stringify(errorResponse(code, message));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
