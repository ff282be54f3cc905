import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, index } from './schema-helpers';

/**
 * The auth change feed that lets API instances remember callers: sign-outs and role changes reach every
 * instance within seconds.
 */
export class AuthChanges1764420000001 implements MigrationInterface {
  name = 'AuthChanges1764420000001';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'auth_changes',
        columns: [c.id(), c.int('user_id', { isNullable: true }), c.int('session_id', { isNullable: true }), c.createdAt()],
        indices: [index('idx_auth_changes_created', ['created_at'])],
      }),
      false,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('auth_changes', true, true, true);
  }
}
