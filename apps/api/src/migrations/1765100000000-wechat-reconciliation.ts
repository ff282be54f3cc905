import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/**
 * 对账: one row per WeChat bill date, and the mismatches each run found; WeChat payments and refunds
 * of a day are found by index.
 */
export class WechatReconciliation1765100000000 implements MigrationInterface {
  name = 'WechatReconciliation1765100000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const create = (table: Table) => q.createTable(table, false, true, true);
    const counter = (name: string) => c.int(name, { default: 0 });
    await q.createIndex('payments', new TableIndex(index('idx_payments_channel_created', ['channel', 'created_at'])));
    await q.createIndex('payment_refunds', new TableIndex(index('idx_payment_refunds_status_created', ['status', 'created_at'])));
    await create(
      new Table({
        name: 'wechat_reconciliations',
        columns: [
          ...c.versioned(),
          c.varchar('bill_date', 10),
          c.varchar('status', 16),
          c.varchar('failure', 32, { isNullable: true }),
          c.datetime('lease_until', { isNullable: true }),
          c.varchar('bill_sha1', 40, { isNullable: true }),
          counter('bill_rows'),
          counter('wechat_payment_count'),
          counter('wechat_payment_fen'),
          counter('wechat_refund_count'),
          counter('wechat_refund_fen'),
          counter('our_payment_count'),
          counter('our_payment_fen'),
          counter('our_refund_count'),
          counter('our_refund_fen'),
          counter('mismatch_count'),
          c.datetime('finished_at', { isNullable: true }),
        ],
        indices: [index('uq_wechat_reconciliations_bill_date', ['bill_date'], true)],
      }),
    );
    await create(
      new Table({
        name: 'wechat_reconciliation_items',
        columns: [
          c.id(),
          c.int('reconciliation_id'),
          c.varchar('kind', 32),
          c.int('compound_id', { isNullable: true }),
          c.varchar('out_trade_no', 32, { isNullable: true }),
          c.varchar('transaction_id', 32, { isNullable: true }),
          c.varchar('out_refund_no', 64, { isNullable: true }),
          c.int('wechat_fen', { isNullable: true }),
          c.int('our_fen', { isNullable: true }),
          c.int('payment_id', { isNullable: true }),
          c.int('refund_id', { isNullable: true }),
          c.varchar('note', 200, { isNullable: true }),
        ],
        indices: [index('idx_wechat_reconciliation_items_compound', ['reconciliation_id', 'compound_id', 'id'])],
        foreignKeys: [
          fk('fk_wechat_reconciliation_items_reconciliation', 'reconciliation_id', 'wechat_reconciliations', 'CASCADE'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('wechat_reconciliation_items', true, true, true);
    await q.dropTable('wechat_reconciliations', true, true, true);
    await q.dropIndex('payment_refunds', 'idx_payment_refunds_status_created');
    await q.dropIndex('payments', 'idx_payments_channel_created');
  }
}
