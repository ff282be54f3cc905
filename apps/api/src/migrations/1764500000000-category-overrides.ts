import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/** 类别与时限 per compound: a compound's own deadlines for a shared default category, or the default switched off. */
export class CategoryOverrides1764500000000 implements MigrationInterface {
  name = 'CategoryOverrides1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'category_overrides',
        columns: [
          ...c.versioned(),
          c.int('compound_id'),
          c.int('category_id'),
          c.int('accept_minutes'),
          c.int('resolve_hours', { isNullable: true }),
          c.bool('active', true),
        ],
        indices: [
          index('uq_category_overrides_compound_category', ['compound_id', 'category_id'], true),
          index('idx_category_overrides_category', ['category_id']),
        ],
        foreignKeys: [
          fk('fk_category_overrides_compound', 'compound_id', 'compounds', 'CASCADE'),
          fk('fk_category_overrides_category', 'category_id', 'categories', 'CASCADE'),
        ],
      }),
      false,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('category_overrides', true, true, true);
  }
}
