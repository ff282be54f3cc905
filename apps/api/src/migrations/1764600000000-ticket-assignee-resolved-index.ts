import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 已完成 (GET /tickets/tasks?done=true): a worker's finished tickets, newest resolution first. Without it
 * MariaDB reads every ticket the worker was ever assigned and sorts them (EXPLAIN: ref on
 * idx_tickets_assignee, Using filesort; 4.6k rows read for a page of 20 on the bench data); with it a page
 * is a backward range walk of (assignee_id, resolved_at, id).
 */
export class TicketAssigneeResolvedIndex1764600000000 implements MigrationInterface {
  name = 'TicketAssigneeResolvedIndex1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'tickets',
      new TableIndex({ name: 'idx_tickets_assignee_resolved', columnNames: ['assignee_id', 'resolved_at', 'id'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('tickets', 'idx_tickets_assignee_resolved');
  }
}
