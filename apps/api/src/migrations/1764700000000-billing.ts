import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/**
 * 缴费, first slice: fee items per compound and bills per household, fee item and period (unique: a
 * billing run can be repeated or raced and creates each bill once). Payments, receipts and refunds of
 * later slices allocate to bills and keep `paid_fen`.
 */
export class Billing1764700000000 implements MigrationInterface {
  name = 'Billing1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'fee_items',
        columns: [
          ...c.versioned(),
          c.int('compound_id'),
          c.varchar('name', 64),
          c.varchar('rule', 16),
          c.int('price_fen'),
          c.int('cycle_months', { isNullable: true }),
          c.varchar('period', 7, { isNullable: true }),
          c.bool('active', true),
        ],
        indices: [index('uq_fee_items_compound_name', ['compound_id', 'name'], true)],
        foreignKeys: [fk('fk_fee_items_compound', 'compound_id', 'compounds')],
      }),
      false,
      true,
      true,
    );
    await q.createTable(
      new Table({
        name: 'billing_runs',
        columns: [
          ...c.versioned(),
          c.int('compound_id'),
          c.varchar('period', 7),
          c.int('created_by_id'),
          c.int('bills_created', { default: 0 }),
        ],
        indices: [index('idx_billing_runs_compound', ['compound_id', 'period', 'id'])],
        foreignKeys: [fk('fk_billing_runs_compound', 'compound_id', 'compounds')],
      }),
      false,
      true,
      true,
    );
    await q.createTable(
      new Table({
        name: 'bills',
        columns: [
          ...c.versioned(),
          c.int('compound_id'),
          c.int('building_id'),
          c.int('household_id'),
          c.int('fee_item_id'),
          c.int('billing_run_id', { isNullable: true }),
          c.varchar('period', 7),
          c.int('months'),
          c.varchar('item_name', 64),
          c.varchar('rule', 16),
          c.int('price_fen'),
          c.int('area_hundredths', { isNullable: true }),
          c.int('amount_fen'),
          c.int('paid_fen', { default: 0 }),
          c.varchar('status', 16),
          c.varchar('status_reason', 200, { isNullable: true }),
          c.int('status_by_id', { isNullable: true }),
          c.datetime('status_at', { isNullable: true }),
        ],
        indices: [
          index('uq_bills_household_item_period', ['household_id', 'fee_item_id', 'period'], true),
          index('idx_bills_compound', ['compound_id', 'id']),
          index('idx_bills_compound_status', ['compound_id', 'status', 'id']),
          index('idx_bills_compound_period', ['compound_id', 'period', 'id']),
          index('idx_bills_building', ['building_id', 'id']),
          index('idx_bills_household', ['household_id', 'id']),
          index('idx_bills_fee_item_period', ['fee_item_id', 'period']),
          index('idx_bills_billing_run', ['billing_run_id']),
        ],
        foreignKeys: [
          fk('fk_bills_compound', 'compound_id', 'compounds'),
          fk('fk_bills_building', 'building_id', 'buildings'),
          fk('fk_bills_household', 'household_id', 'households'),
          fk('fk_bills_fee_item', 'fee_item_id', 'fee_items'),
          fk('fk_bills_billing_run', 'billing_run_id', 'billing_runs'),
        ],
      }),
      false,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('bills', true, true, true);
    await q.dropTable('billing_runs', true, true, true);
    await q.dropTable('fee_items', true, true, true);
  }
}
