import type { QueryRunner, TableColumnOptions, TableForeignKeyOptions, TableIndexOptions } from 'typeorm';

/**
 * Helpers for hand-written, dialect-neutral migrations. TypeORM's generated migrations are raw SQL for
 * one dialect; these use its Table API so one migration serves MySQL 8, MariaDB and SQLite, and the
 * drift test checks the result against the entities on each.
 */
export function isSqlite(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.options.type === 'better-sqlite3' || queryRunner.connection.options.type === 'sqlite';
}

export function columns(queryRunner: QueryRunner) {
  const sqlite = isSqlite(queryRunner);
  // SQLite allows AUTOINCREMENT only on INTEGER PRIMARY KEY, and TypeORM reads every int back as integer.
  const intType = sqlite ? 'integer' : 'int';
  const now = sqlite ? "datetime('now')" : 'CURRENT_TIMESTAMP(6)';
  return {
    id: (): TableColumnOptions => ({
      name: 'id',
      type: intType,
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    }),
    int: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: intType, ...opts }),
    varchar: (name: string, length: number, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      ...opts,
    }),
    text: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'text', ...opts }),
    /** TypeORM maps the entities' boolean to MySQL's tinyint (default width, which it then ignores). */
    bool: (name: string, defaultValue?: boolean): TableColumnOptions => ({
      name,
      type: sqlite ? 'boolean' : 'tinyint',
      ...(defaultValue === undefined ? {} : { default: defaultValue ? 1 : 0 }),
    }),
    datetime: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: 'datetime',
      precision: 6,
      ...opts,
    }),
    createdAt: (): TableColumnOptions => ({ name: 'created_at', type: 'datetime', precision: 6, default: now }),
    updatedAt: (): TableColumnOptions => ({
      name: 'updated_at',
      type: 'datetime',
      precision: 6,
      default: now,
      ...(sqlite ? {} : { onUpdate: 'CURRENT_TIMESTAMP(6)' }),
    }),
    /** id, version, created_at, updated_at — the VersionedEntity columns. */
    versioned: (): TableColumnOptions[] => [
      { name: 'id', type: intType, isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
      { name: 'version', type: intType, default: 1 },
      { name: 'created_at', type: 'datetime', precision: 6, default: now },
      {
        name: 'updated_at',
        type: 'datetime',
        precision: 6,
        default: now,
        ...(sqlite ? {} : { onUpdate: 'CURRENT_TIMESTAMP(6)' }),
      },
    ],
  };
}

export const index = (name: string, columnNames: string[], isUnique = false): TableIndexOptions => ({
  name,
  columnNames,
  isUnique,
});

export const fk = (
  name: string,
  column: string,
  referencedTableName: string,
  onDelete: 'RESTRICT' | 'CASCADE' = 'RESTRICT',
): TableForeignKeyOptions => ({
  name,
  columnNames: [column],
  referencedTableName,
  referencedColumnNames: ['id'],
  onDelete,
  onUpdate: 'RESTRICT',
});
