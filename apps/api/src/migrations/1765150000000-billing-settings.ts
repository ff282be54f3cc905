import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/** 缴费: a compound's collecting choices (partial payment online). */
export class BillingSettings1765150000000 implements MigrationInterface {
  name = 'BillingSettings1765150000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'compound_billing_settings',
        columns: [...c.versioned(), c.int('compound_id'), c.bool('allow_partial_payment', false)],
        indices: [index('uq_compound_billing_settings', ['compound_id'], true)],
        foreignKeys: [fk('fk_compound_billing_settings_compound', 'compound_id', 'compounds')],
      }),
      false,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('compound_billing_settings', true, true, true);
  }
}
