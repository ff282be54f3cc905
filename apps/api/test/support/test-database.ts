import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DatabaseSettings } from '../../src/common/database/data-source';
import { toMysqlUri } from '../../src/common/database/database-url';

/**
 * Which database the API's tests run on. Chosen once in the global setup and handed to workers through
 * DOORSTEP_TEST_DATABASE_URL ('' means the embedded SQLite driver).
 */
export const CANDIDATE_URLS = [
  'mysql://doorstep:doorstep@127.0.0.1:3306/doorstep_test',
  'mysql://root@127.0.0.1:3306/doorstep_test',
];

async function reachable(url: string): Promise<boolean> {
  try {
    const uri = new URL(toMysqlUri(url));
    uri.pathname = '/';
    const connection = await createConnection({ uri: uri.toString(), connectTimeout: 1500 });
    await connection.query('SELECT 1');
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

export async function chooseTestDatabase(env: NodeJS.ProcessEnv): Promise<{ url: string; why: string }> {
  if (env.DOORSTEP_TEST_DB === 'embedded') return { url: '', why: 'DOORSTEP_TEST_DB=embedded' };
  const configured = env.TEST_DATABASE_URL || env.DATABASE_URL;
  if (configured) {
    if (!(await reachable(configured))) {
      throw new Error(`TEST_DATABASE_URL/DATABASE_URL is set but the server does not answer: ${redact(configured)}`);
    }
    return { url: configured, why: 'configured by TEST_DATABASE_URL/DATABASE_URL' };
  }
  for (const url of CANDIDATE_URLS) {
    if (await reachable(url)) return { url, why: 'reachable on 127.0.0.1:3306' };
  }
  return { url: '', why: 'no MySQL/MariaDB reachable on 127.0.0.1:3306' };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

let databasesCreated = 0;

/**
 * A database per app a test starts, named by the worker's pid so two test runs on one server (two
 * checkouts, a developer and CI) never share one. Dropped when the app closes.
 */
export function workerDatabaseUrl(baseUrl: string): string {
  const url = new URL(toMysqlUri(baseUrl));
  url.pathname = `${url.pathname.replace(/^\//, '') || 'doorstep_test'}_${process.pid}_${++databasesCreated}`;
  return url.toString();
}

/** Runs statements on the server of `url`, given the database's name. */
async function onServer(url: string, statements: (name: string) => string[]): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.replace(/^\//, '');
  target.pathname = '/';
  const connection = await createConnection({ uri: target.toString() });
  try {
    for (const sql of statements(name)) await connection.query(sql);
  } finally {
    await connection.end();
  }
}

export const recreateDatabase = (url: string) =>
  onServer(url, (name) => [
    `DROP DATABASE IF EXISTS \`${name}\``,
    `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  ]);

const dropServerDatabase = (url: string) => onServer(url, (name) => [`DROP DATABASE IF EXISTS \`${name}\``]);

/** Removes a test database made by freshDatabaseSettings. */
export async function dropDatabase(settings: DatabaseSettings): Promise<void> {
  if (settings.url) await dropServerDatabase(settings.url);
  else if (settings.sqlitePath && settings.sqlitePath !== ':memory:') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${settings.sqlitePath}${suffix}`, { force: true });
  }
}

/** Settings for a fresh, empty database for the calling test file. */
export async function freshDatabaseSettings(): Promise<DatabaseSettings> {
  const base = process.env.DOORSTEP_TEST_DATABASE_URL;
  if (base === undefined) throw new Error('run tests through jest: the global setup chooses the database');
  // A file, not ':memory:', so a second app (another API instance) can open the same database.
  if (!base) return { dataDir: '', sqlitePath: join(tmpdir(), `doorstep-test-${process.pid}-${++databasesCreated}.sqlite`) };
  const url = workerDatabaseUrl(base);
  await recreateDatabase(url);
  return { url, dataDir: '' };
}
