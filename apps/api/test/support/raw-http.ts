import { connect } from 'node:net';
import type { TestApp } from './test-app';

export interface RawResponse {
  status: number;
  /** The status line and headers as sent. */
  head: string;
  body: Record<string, unknown>;
}

/**
 * Writes `parts` one after another on a new connection to the test app and reads the answer until the
 * server closes it: for requests supertest cannot make (a malformed request line, a body sent in chosen
 * pieces). The answer's body must be JSON.
 */
export function rawRequest(app: TestApp, parts: Array<string | Buffer>): Promise<RawResponse> {
  const { port } = app.app.getHttpServer().address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      for (const part of parts) socket.write(part);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.split(' ')[1]), head: text.slice(0, split), body: JSON.parse(text.slice(split + 4)) });
    });
  });
}
