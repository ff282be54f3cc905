import type { DataSource } from 'typeorm';

/** The embedded database (better-sqlite3): its upsert and locking differ from MySQL/MariaDB's. */
export function isSqliteDb(db: Pick<DataSource, 'options'>): boolean {
  return db.options.type === 'better-sqlite3' || db.options.type === 'sqlite';
}
