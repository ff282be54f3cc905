import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/**
 * 民情走访: visits stored once per worker and client id, the communities' care visit frequencies, and
 * tickets found by household.
 */
export class Visits1765200000000 implements MigrationInterface {
  name = 'Visits1765200000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const create = (table: Table) => q.createTable(table, false, true, true);
    // A household's tickets (grid household page, open counts, the 回访 to-do).
    await q.createIndex('tickets', new TableIndex(index('idx_tickets_household', ['household_id', 'id'])));
    await create(
      new Table({
        name: 'visits',
        columns: [
          c.id(),
          c.varchar('client_id', 36),
          c.int('worker_id'),
          c.int('grid_id', { isNullable: true }),
          c.int('community_id'),
          c.int('compound_id'),
          c.int('household_id', { isNullable: true }),
          c.varchar('place_name', 64, { isNullable: true }),
          c.varchar('kind', 16),
          c.varchar('outcome', 16),
          c.varchar('notes', 500, { isNullable: true }),
          c.datetime('visited_at'),
          c.datetime('received_at'),
          c.int('latitude_e6', { isNullable: true }),
          c.int('longitude_e6', { isNullable: true }),
          c.int('ticket_id', { isNullable: true }),
          c.int('follow_up_ticket_id', { isNullable: true }),
          c.varchar('follow_up_outcome', 16, { isNullable: true }),
        ],
        indices: [
          index('uq_visits_worker_client', ['worker_id', 'client_id'], true),
          index('uq_visits_follow_up_ticket', ['follow_up_ticket_id'], true),
          index('idx_visits_household', ['household_id', 'visited_at']),
          index('idx_visits_grid', ['grid_id', 'id']),
          index('idx_visits_community', ['community_id', 'id']),
          index('idx_visits_worker', ['worker_id', 'id']),
        ],
        foreignKeys: [
          fk('fk_visits_worker', 'worker_id', 'users'),
          fk('fk_visits_compound', 'compound_id', 'compounds'),
          fk('fk_visits_household', 'household_id', 'households'),
        ],
      }),
    );
    await create(
      new Table({
        name: 'care_frequencies',
        columns: [c.int('community_id', { isPrimary: true }), c.varchar('tag', 32, { isPrimary: true }), c.int('days')],
        foreignKeys: [fk('fk_care_frequencies_community', 'community_id', 'communities', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('care_frequencies', true, true, true);
    await q.dropTable('visits', true, true, true);
    await q.dropIndex('tickets', 'idx_tickets_household');
  }
}
