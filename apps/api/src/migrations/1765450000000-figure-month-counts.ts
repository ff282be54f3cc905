import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk } from './schema-helpers';

/** 考核指标: each compound's month of ticket counts, kept while its tickets are unchanged (figure-month-count.entity). */
export class FigureMonthCounts1765450000000 implements MigrationInterface {
  name = 'FigureMonthCounts1765450000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'figure_month_counts',
        columns: [
          c.int('compound_id', { isPrimary: true }),
          c.varchar('month', 7, { isPrimary: true }),
          c.varchar('stamp', 80),
          c.datetime('valid_until', { isNullable: true }),
          c.text('counts'),
          c.datetime('computed_at'),
        ],
        foreignKeys: [fk('fk_figure_month_counts_compound', 'compound_id', 'compounds', 'CASCADE')],
      }),
      false,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('figure_month_counts');
  }
}
