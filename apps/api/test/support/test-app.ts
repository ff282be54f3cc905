import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Role, ScopeType, TokenPair } from '@doorstep/contracts';
import { createApp } from '../../src/app.factory';
import type { DatabaseSettings } from '../../src/common/database/data-source';
import { Clock } from '../../src/common/clock';
import { factories } from './factories';
import { dropDatabase, freshDatabaseSettings } from './test-database';

export interface RouteRecord {
  method: string;
  url: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  db: DataSource;
  clock: Clock;
  /** supertest against the real HTTP server */
  http: () => ReturnType<typeof request>;
  routes: RouteRecord[];
  database: DatabaseSettings;
  /** Demo sign-in by phone; returns the Authorization header value. */
  signIn: (phone: string) => Promise<string>;
  /** A new user holding one role, signed in; returns the Authorization header value. */
  signInWithRole: (role: Role, scopeType: ScopeType, scopeId: number) => Promise<string>;
  tokens: (phone: string) => Promise<TokenPair>;
  close: () => Promise<void>;
}

export const TEST_ENV = {
  NODE_ENV: 'test',
  JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-use',
  DEMO_LOGIN: 'true',
  LOG_LEVEL: 'silent',
  DATA_DIR: '/tmp/doorstep-test-data',
  // Tests run the sweeper and the dispatcher themselves, with a clock they control.
  SWEEP_INTERVAL_MS: '0',
  DISPATCH_INTERVAL_MS: '0',
};

/** The real API on a fresh, migrated database, listening on an ephemeral port. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { sameDatabaseAs?: TestApp; logTo?: DestinationStream } = {},
): Promise<TestApp> {
  const routes: RouteRecord[] = [];
  const shared = options.sameDatabaseAs?.database;
  const database = shared ?? (await freshDatabaseSettings());
  const { app } = await createApp({
    env: { ...TEST_ENV, ...env },
    database,
    logDestination: options.logTo,
    beforeRoutes: (fastify) =>
      fastify.addHook('onRoute', (route: { method: string | string[]; url: string }) => {
        for (const method of [route.method].flat()) routes.push({ method: String(method), url: route.url });
      }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const server = app.getHttpServer();
  const http = () => request(server);
  const tokens = async (phone: string): Promise<TokenPair> => {
    const res = await http().post('/api/v1/auth/demo').send({ phone });
    if (res.status !== 200) throw new Error(`demo sign-in as ${phone} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as TokenPair;
  };
  return {
    app,
    db: app.get<DataSource>(getDataSourceToken()),
    clock: app.get(Clock),
    http,
    routes,
    tokens,
    signIn: async (phone) => `Bearer ${(await tokens(phone)).accessToken}`,
    signInWithRole: async (role, scopeType, scopeId) => {
      const f = factories(app.get<DataSource>(getDataSourceToken()));
      const user = await f.user({ name: role });
      await f.role(user.id, role, scopeType, scopeId);
      return `Bearer ${(await tokens(user.phone!)).accessToken}`;
    },
    database,
    close: async () => {
      await app.close();
      // A second instance on the same database leaves it to the first.
      if (!shared) await dropDatabase(database);
    },
  };
}
