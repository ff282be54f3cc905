import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Lists by compound found by review with EXPLAIN: a compound-scoped manager's inbox and the public
 * board's open count (compound, open, due), and a compound's history newest first (compound, id).
 */
export class TicketCompoundIndexes1764300000000 implements MigrationInterface {
  name = 'TicketCompoundIndexes1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'tickets',
      new TableIndex({ name: 'idx_tickets_compound_open', columnNames: ['compound_id', 'is_open', 'due_at', 'id'] }),
    );
    await q.createIndex('tickets', new TableIndex({ name: 'idx_tickets_compound', columnNames: ['compound_id', 'id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('tickets', 'idx_tickets_compound');
    await q.dropIndex('tickets', 'idx_tickets_compound_open');
  }
}
