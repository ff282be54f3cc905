import type { EntityManager } from 'typeorm';

/**
 * Serializes "count, then insert" checks (daily caps) per row: `SELECT … FOR UPDATE` on MySQL,
 * MariaDB and TiDB (pessimistic mode). SQLite already runs one write transaction at a time.
 */
export async function lockRow(tx: EntityManager, table: 'users' | 'households' | 'streets', id: number): Promise<void> {
  const type = tx.connection.options.type;
  if (type === 'better-sqlite3' || type === 'sqlite') return;
  await tx.query(`SELECT id FROM ${table} WHERE id = ? FOR UPDATE`, [id]);
}
