import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { index } from './schema-helpers';

/** 网格日志: a worker's visits by the phone's time, and the tickets a person filed, by day. */
export class GridLogIndexes1765250000000 implements MigrationInterface {
  name = 'GridLogIndexes1765250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('visits', new TableIndex(index('idx_visits_worker_visited', ['worker_id', 'visited_at'])));
    await q.createIndex('tickets', new TableIndex(index('idx_tickets_created_by', ['created_by_id', 'created_at'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('tickets', 'idx_tickets_created_by');
    await q.dropIndex('visits', 'idx_visits_worker_visited');
  }
}
