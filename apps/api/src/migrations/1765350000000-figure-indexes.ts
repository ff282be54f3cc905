import { TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fk, index, isSqlite } from './schema-helpers';

/** 考核指标: a street's (and a community's) tickets of a month, the month's 督办, and a compound's visits of a month. */
export class FigureIndexes1765350000000 implements MigrationInterface {
  name = 'FigureIndexes1765350000000';

  async up(q: QueryRunner): Promise<void> {
    // After the month's range, what the kept counts' stamp reads (figures.service ticketCounts), so the
    // stamp of a street's month comes from the index alone.
    const stamp = ['compound_id', 'status', 'accept_deadline', 'version', 'updated_at'];
    await q.createIndex('tickets', new TableIndex(index('idx_tickets_street_created', ['street_id', 'created_at', ...stamp])));
    await q.createIndex(
      'tickets',
      new TableIndex(index('idx_tickets_community_created', ['community_id', 'created_at', ...stamp])),
    );
    await q.createIndex('ticket_events', new TableIndex(index('idx_ticket_events_action_created', ['action', 'created_at'])));
    await q.createIndex('visits', new TableIndex(index('idx_visits_compound_visited', ['compound_id', 'visited_at'])));
  }

  async down(q: QueryRunner): Promise<void> {
    if (isSqlite(q)) {
      await q.dropIndex('visits', 'idx_visits_compound_visited');
    } else {
      // MySQL let the compound foreign key adopt the new index (dropping its own); it needs one back.
      await q.dropForeignKey('visits', 'fk_visits_compound');
      await q.dropIndex('visits', 'idx_visits_compound_visited');
      await q.createForeignKey('visits', new TableForeignKey(fk('fk_visits_compound', 'compound_id', 'compounds')));
    }
    await q.dropIndex('ticket_events', 'idx_ticket_events_action_created');
    await q.dropIndex('tickets', 'idx_tickets_community_created');
    await q.dropIndex('tickets', 'idx_tickets_street_created');
  }
}
