import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, index } from './schema-helpers';

/** Sign-in rate-limit counters, shared by every API instance. */
export class RateLimitBuckets1764420000000 implements MigrationInterface {
  name = 'RateLimitBuckets1764420000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'rate_limit_buckets',
        columns: [c.varchar('bucket', 64, { isPrimary: true }), c.int('hits'), c.datetime('expires_at')],
        indices: [index('idx_rate_limit_buckets_expires', ['expires_at'])],
      }),
      false,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rate_limit_buckets', true, true, true);
  }
}
