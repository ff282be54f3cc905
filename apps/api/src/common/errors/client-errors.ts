import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_MESSAGES, type ErrorBody, type ErrorCode } from '@doorstep/contracts';

function statusOf(error: NodeJS.ErrnoException): [number, ErrorCode] {
  if (error.code === 'HPE_HEADER_OVERFLOW') return [431, 'REQUEST_HEADERS_TOO_LARGE'];
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'REQUEST_TIMEOUT'];
  return [400, 'BAD_REQUEST'];
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a malformed request line, headers over
 * the size limit, a bad Content-Length, a client too slow to send its headers): answered in the common
 * error shape, as Fastify's own handler would, then the connection is closed. Fastify's
 * `clientErrorHandler`.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [statusCode, code] = statusOf(error);
  const body = JSON.stringify({ statusCode, code, message: ERROR_MESSAGES[code] } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
