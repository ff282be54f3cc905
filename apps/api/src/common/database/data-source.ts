import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './entities';
import { toMysqlUri } from './database-url';
import { SnakeNamingStrategy } from './naming.strategy';

export type DatabaseType = 'mysql' | 'mariadb' | 'better-sqlite3';

export interface DatabaseSettings {
  /** mysql://… or mariadb://…; undefined for the embedded SQLite file. */
  url?: string;
  /** Directory of the embedded database file. */
  dataDir: string;
  /** Overrides the embedded file (tests use ':memory:'). */
  sqlitePath?: string;
  logging?: boolean;
}

/**
 * MySQL 8 and MariaDB report schema differently to TypeORM (phantom diffs on nullable text with the
 * wrong driver type), so the server is asked what it is rather than trusting the URL scheme.
 */
export async function detectServerType(url: string): Promise<'mysql' | 'mariadb'> {
  const connection = await createConnection({ uri: toMysqlUri(url), connectTimeout: 5000 });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS v');
    const version = String((rows as Array<{ v: string }>)[0]?.v ?? '');
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

export async function buildDataSourceOptions(settings: DatabaseSettings): Promise<DataSourceOptions> {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each' as const,
    namingStrategy: new SnakeNamingStrategy(),
    logging: settings.logging ? ['query', 'error'] : ['error'],
  };
  if (settings.url) {
    const type = await detectServerType(settings.url);
    return {
      ...common,
      type,
      url: toMysqlUri(settings.url),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      extra: { connectionLimit: 20 },
    } as DataSourceOptions;
  }
  const path = settings.sqlitePath ?? resolve(settings.dataDir, 'doorstep.sqlite');
  if (path !== ':memory:') mkdirSync(resolve(path, '..'), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path,
    enableWAL: path !== ':memory:',
    // better-sqlite3 waits for a lock synchronously, blocking the event loop: keep the wait short.
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => db.pragma('busy_timeout = 100'),
  } as DataSourceOptions;
}

export async function createDataSource(settings: DatabaseSettings): Promise<DataSource> {
  return new DataSource(await buildDataSourceOptions(settings));
}
