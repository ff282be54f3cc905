import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/** 物业定星、小区定级 and the 红黑榜: streets' scoring schemes and their published, frozen lists. */
export class Scores1765400000000 implements MigrationInterface {
  name = 'Scores1765400000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const create = (table: Table) => q.createTable(table, false, true, true);
    await create(
      new Table({
        name: 'score_schemes',
        columns: [...c.versioned(), c.int('street_id'), c.text('settings'), c.int('updated_by_id')],
        indices: [index('uq_score_schemes_street', ['street_id'], true)],
        foreignKeys: [fk('fk_score_schemes_street', 'street_id', 'streets', 'CASCADE')],
      }),
    );
    await create(
      new Table({
        name: 'score_lists',
        columns: [
          c.id(),
          c.int('street_id'),
          c.varchar('month', 7),
          c.int('version'),
          c.varchar('reason', 200, { isNullable: true }),
          c.int('scheme_version'),
          c.int('published_by_id'),
          c.varchar('published_by_name', 64),
          c.createdAt(),
        ],
        indices: [index('uq_score_lists_street_month_version', ['street_id', 'month', 'version'], true)],
        foreignKeys: [fk('fk_score_lists_street', 'street_id', 'streets')],
      }),
    );
    await create(
      new Table({
        name: 'score_list_rows',
        columns: [
          c.id(),
          c.int('list_id'),
          c.varchar('kind', 8),
          c.varchar('subject_type', 16),
          c.int('subject_id'),
          c.varchar('subject_name', 100),
          c.int('score_tenths', { isNullable: true }),
          c.int('stars', { isNullable: true }),
          c.varchar('grade', 4, { isNullable: true }),
          c.int('rank_no', { isNullable: true }),
          c.varchar('place', 8, { isNullable: true }),
          c.int('veto_tickets', { default: 0 }),
          c.text('deductions'),
          c.text('figures'),
        ],
        indices: [
          index('idx_score_list_rows_list', ['list_id', 'kind', 'id']),
          index('idx_score_list_rows_subject', ['subject_type', 'subject_id', 'list_id']),
        ],
        foreignKeys: [fk('fk_score_list_rows_list', 'list_id', 'score_lists', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('score_list_rows');
    await q.dropTable('score_lists');
    await q.dropTable('score_schemes');
  }
}
