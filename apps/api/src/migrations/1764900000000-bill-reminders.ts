import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/** 缴费, third slice: 催缴 reminders, at most one per bill and reminder round. */
export class BillReminders1764900000000 implements MigrationInterface {
  name = 'BillReminders1764900000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'bill_reminders',
        columns: [
          c.id(),
          c.int('bill_id'),
          c.varchar('round', 32),
          c.int('compound_id'),
          c.int('household_id'),
          c.int('reminded_by_id'),
          c.createdAt(),
        ],
        indices: [
          index('uq_bill_reminders_bill_round', ['bill_id', 'round'], true),
          index('idx_bill_reminders_compound_household', ['compound_id', 'household_id', 'created_at']),
        ],
        foreignKeys: [fk('fk_bill_reminders_bill', 'bill_id', 'bills')],
      }),
      false,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('bill_reminders', true, true, true);
  }
}
