import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { index } from './schema-helpers';

/** 考核指标: a street's (and a community's) tickets of a month, and the month's 督办 by when they were made. */
export class FigureIndexes1765350000000 implements MigrationInterface {
  name = 'FigureIndexes1765350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('tickets', new TableIndex(index('idx_tickets_street_created', ['street_id', 'created_at'])));
    await q.createIndex('tickets', new TableIndex(index('idx_tickets_community_created', ['community_id', 'created_at'])));
    await q.createIndex('ticket_events', new TableIndex(index('idx_ticket_events_action_created', ['action', 'created_at'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('ticket_events', 'idx_ticket_events_action_created');
    await q.dropIndex('tickets', 'idx_tickets_community_created');
    await q.dropIndex('tickets', 'idx_tickets_street_created');
  }
}
