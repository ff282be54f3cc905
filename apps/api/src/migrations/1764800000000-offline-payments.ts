import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/**
 * 缴费, second slice: offline payments with their receipt numbers, their allocations to bills, reversals
 * (one per payment at most) and the receipt counter per compound and year.
 */
export class OfflinePayments1764800000000 implements MigrationInterface {
  name = 'OfflinePayments1764800000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const create = (table: Table) => q.createTable(table, false, true, true);
    await create(
      new Table({
        name: 'payments',
        columns: [
          c.id(),
          c.int('compound_id'),
          c.int('building_id'),
          c.int('household_id'),
          c.varchar('channel', 16),
          c.int('amount_fen'),
          c.int('receipt_year'),
          c.int('receipt_seq'),
          c.varchar('reference', 64, { isNullable: true }),
          c.varchar('note', 200, { isNullable: true }),
          c.int('recorded_by_id'),
          c.createdAt(),
        ],
        indices: [
          index('uq_payments_receipt', ['compound_id', 'receipt_year', 'receipt_seq'], true),
          index('idx_payments_compound', ['compound_id', 'id']),
          index('idx_payments_household', ['household_id', 'id']),
        ],
        foreignKeys: [
          fk('fk_payments_compound', 'compound_id', 'compounds'),
          fk('fk_payments_household', 'household_id', 'households'),
        ],
      }),
    );
    await create(
      new Table({
        name: 'payment_allocations',
        columns: [c.id(), c.int('payment_id'), c.int('bill_id'), c.int('amount_fen')],
        indices: [
          index('uq_payment_allocations', ['payment_id', 'bill_id'], true),
          index('idx_payment_allocations_bill', ['bill_id']),
        ],
        foreignKeys: [
          fk('fk_payment_allocations_payment', 'payment_id', 'payments'),
          fk('fk_payment_allocations_bill', 'bill_id', 'bills'),
        ],
      }),
    );
    await create(
      new Table({
        name: 'payment_reversals',
        columns: [
          c.id(),
          c.int('payment_id'),
          c.int('compound_id'),
          c.int('household_id'),
          c.int('amount_fen'),
          c.varchar('reason', 200),
          c.int('reversed_by_id'),
          c.createdAt(),
        ],
        indices: [
          index('uq_payment_reversals_payment', ['payment_id'], true),
          index('idx_payment_reversals_household', ['household_id', 'id']),
        ],
        foreignKeys: [fk('fk_payment_reversals_payment', 'payment_id', 'payments')],
      }),
    );
    await create(
      new Table({
        name: 'receipt_counters',
        columns: [c.id(), c.int('compound_id'), c.int('year'), c.int('last_seq', { default: 0 })],
        indices: [index('uq_receipt_counters', ['compound_id', 'year'], true)],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('receipt_counters', true, true, true);
    await q.dropTable('payment_reversals', true, true, true);
    await q.dropTable('payment_allocations', true, true, true);
    await q.dropTable('payments', true, true, true);
  }
}
