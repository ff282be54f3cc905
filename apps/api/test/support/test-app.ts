import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Role, ScopeType, TokenPair } from '@doorstep/contracts';
import { createApp } from '../../src/app.factory';
import { SessionsService } from '../../src/auth/sessions.service';
import { User } from '../../src/users/user.entity';
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
  /** Signs the user with this phone in; returns the Authorization header value. */
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
  const db = app.get<DataSource>(getDataSourceToken());
  // A session opened the way every sign-in route opens one; over HTTP, demo sign-in admits only the
  // seeded demo accounts, and the sign-in routes are rate limited.
  const tokens = async (phone: string): Promise<TokenPair> => {
    const user = await db.getRepository(User).findOneBy({ phone });
    if (!user) throw new Error(`no user with phone ${phone} to sign in`);
    return app.get(SessionsService).open(user, 'demo');
  };
  return {
    app,
    db,
    clock: app.get(Clock),
    http,
    routes,
    tokens,
    signIn: async (phone) => `Bearer ${(await tokens(phone)).accessToken}`,
    signInWithRole: async (role, scopeType, scopeId) => {
      const f = factories(db);
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
