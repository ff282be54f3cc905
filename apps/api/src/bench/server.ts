import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as mysql2 from 'mysql2';
import { DataSource } from 'typeorm';

/**
 * A server under benchmark, in its own process (forked by run.ts): `api` is the real app from
 * createApp, `ceiling` the hand-written handler. The load generator must not share the server's
 * event loop — on two cores it would take the server's thread and the numbers would measure both.
 *
 * Every SQL statement the process sends is counted (mysql2's connection, which TypeORM uses too), so
 * the bench reports statements per request: an N+1 shows up as a number, not a guess.
 */

export type ServerKind = 'api' | 'ceiling';

export interface CeilingActors {
  /** Residents who report (create), taken in turn by the x-user-id header. */
  creatorIds: number[];
  readerId: number;
  managerId: number;
}

export type ToServer = { type: 'stats' } | { type: 'trace'; on: boolean } | { type: 'sign-in'; phone: string };
export type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'stats'; statements: number }
  | { type: 'trace'; statements: string[] }
  | { type: 'signed-in'; phone: string; accessToken: string }
  | { type: 'sign-in-failed'; phone: string; error: string }
  | { type: 'failed'; error: string };

let statements = 0;
let api: NestFastifyApplication | null = null;
let trace: string[] | null = null;

function countStatements(): void {
  // Connection → BaseConnection: query/execute live on the base class, used by pools and TypeORM alike.
  const base = Object.getPrototypeOf(mysql2.Connection.prototype) as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['query', 'execute']) {
    const original = base[method];
    base[method] = function (this: unknown, ...args: unknown[]) {
      statements++;
      if (trace) {
        const sql = args[0] as string | { sql?: string };
        trace.push(typeof sql === 'string' ? sql : String(sql?.sql ?? ''));
      }
      return original.apply(this, args);
    };
  }
}

const send = (message: FromServer) => process.send?.(message);

/**
 * A session for a seeded person, opened the way every sign-in route opens one: over HTTP only demo
 * accounts may sign in without WeChat, and never with NODE_ENV=production, which the bench runs.
 */
async function signIn(phone: string): Promise<string> {
  if (!api) throw new Error('only the api server signs people in');
  const [{ SessionsService }, { User }] = await Promise.all([import('../auth/sessions.service'), import('../users/user.entity')]);
  const user = await api.get(DataSource).getRepository(User).findOneByOrFail({ phone });
  return (await api.get(SessionsService).open(user, 'demo')).accessToken;
}

async function start(kind: ServerKind, actors: CeilingActors): Promise<number> {
  if (kind === 'api') {
    // Imported here so the ceiling process never loads Nest.
    const { createApp } = await import('../app.factory');
    const { app } = await createApp({ env: process.env });
    api = app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    return (app.getHttpServer().address() as AddressInfo).port;
  }
  const { startCeiling } = await import('./ceiling');
  const ceiling = await startCeiling({ url: process.env.DATABASE_URL!, ...actors });
  return ceiling.port;
}

if (require.main === module) {
  const [kind, actorsJson] = process.argv.slice(2) as [ServerKind, string];
  countStatements();
  process.on('message', (message: ToServer) => {
    if (message.type === 'stats') send({ type: 'stats', statements });
    if (message.type === 'sign-in') {
      const { phone } = message;
      signIn(phone).then(
        (accessToken) => send({ type: 'signed-in', phone, accessToken }),
        (error: unknown) => send({ type: 'sign-in-failed', phone, error: String(error) }),
      );
    }
    if (message.type === 'trace') {
      if (message.on) trace = [];
      else {
        send({ type: 'trace', statements: trace ?? [] });
        trace = null;
      }
    }
  });
  // The parent owns this process: when it goes, so do we (no orphan servers holding the database).
  process.on('disconnect', () => process.exit(0));
  start(kind, JSON.parse(actorsJson ?? '{}') as CeilingActors)
    .then((port) => send({ type: 'ready', port }))
    .catch((error: unknown) => {
      send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    });
}
