import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/**
 * 缴费, third slice: WeChat Pay orders and the bills each was for, refunds with what they took off bills,
 * refused notifications kept for review, and the WeChat transaction id on payments (unique).
 */
export class WechatPay1765000000000 implements MigrationInterface {
  name = 'WechatPay1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const create = (table: Table) => q.createTable(table, false, true, true);
    await q.addColumn('payments', new TableColumn(c.varchar('transaction_id', 32, { isNullable: true })));
    await q.createIndex('payments', new TableIndex(index('uq_payments_transaction', ['transaction_id'], true)));
    await create(
      new Table({
        name: 'wechat_orders',
        columns: [
          ...c.versioned(),
          c.varchar('out_trade_no', 32),
          c.int('compound_id'),
          c.int('building_id'),
          c.int('household_id'),
          c.int('payer_id'),
          c.varchar('trade_type', 8),
          c.int('amount_fen'),
          c.varchar('status', 16),
          c.varchar('prepay_id', 64, { isNullable: true }),
          c.varchar('code_url', 256, { isNullable: true }),
          c.datetime('expires_at'),
          c.int('payment_id', { isNullable: true }),
          c.datetime('finished_at', { isNullable: true }),
        ],
        indices: [
          index('uq_wechat_orders_out_trade_no', ['out_trade_no'], true),
          index('idx_wechat_orders_status_expires', ['status', 'expires_at']),
          index('idx_wechat_orders_household', ['household_id', 'id']),
        ],
        foreignKeys: [
          fk('fk_wechat_orders_compound', 'compound_id', 'compounds'),
          fk('fk_wechat_orders_household', 'household_id', 'households'),
        ],
      }),
    );
    await create(
      new Table({
        name: 'wechat_order_bills',
        columns: [c.id(), c.int('order_id'), c.int('bill_id'), c.int('amount_fen')],
        indices: [
          index('uq_wechat_order_bills', ['order_id', 'bill_id'], true),
          index('idx_wechat_order_bills_bill', ['bill_id']),
        ],
        foreignKeys: [
          fk('fk_wechat_order_bills_order', 'order_id', 'wechat_orders'),
          fk('fk_wechat_order_bills_bill', 'bill_id', 'bills'),
        ],
      }),
    );
    await create(
      new Table({
        name: 'payment_refunds',
        columns: [
          ...c.versioned(),
          c.int('payment_id'),
          c.int('compound_id'),
          c.int('household_id'),
          c.varchar('out_refund_no', 64),
          c.varchar('kind', 16),
          c.int('amount_fen'),
          c.varchar('reason', 80),
          c.varchar('status', 16),
          c.varchar('refund_id', 32, { isNullable: true }),
          c.int('requested_by_id', { isNullable: true }),
          c.datetime('finished_at', { isNullable: true }),
        ],
        indices: [
          index('uq_payment_refunds_out_refund_no', ['out_refund_no'], true),
          index('idx_payment_refunds_payment', ['payment_id']),
          index('idx_payment_refunds_status', ['status', 'id']),
        ],
        foreignKeys: [fk('fk_payment_refunds_payment', 'payment_id', 'payments')],
      }),
    );
    await create(
      new Table({
        name: 'refund_allocations',
        columns: [c.id(), c.int('refund_id'), c.int('bill_id'), c.int('amount_fen')],
        indices: [
          index('uq_refund_allocations', ['refund_id', 'bill_id'], true),
          index('idx_refund_allocations_bill', ['bill_id']),
        ],
        foreignKeys: [
          fk('fk_refund_allocations_refund', 'refund_id', 'payment_refunds'),
          fk('fk_refund_allocations_bill', 'bill_id', 'bills'),
        ],
      }),
    );
    await create(
      new Table({
        name: 'wechat_notification_rejects',
        columns: [
          c.id(),
          c.varchar('reason', 48),
          c.varchar('serial', 64, { isNullable: true }),
          c.varchar('timestamp', 32, { isNullable: true }),
          c.varchar('reference', 64, { isNullable: true }),
          c.text('body'),
          c.createdAt(),
        ],
        indices: [index('idx_wechat_notification_rejects_created', ['created_at'])],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('wechat_notification_rejects', true, true, true);
    await q.dropTable('refund_allocations', true, true, true);
    await q.dropTable('payment_refunds', true, true, true);
    await q.dropTable('wechat_order_bills', true, true, true);
    await q.dropTable('wechat_orders', true, true, true);
    await q.dropIndex('payments', 'uq_payments_transaction');
    await q.dropColumn('payments', 'transaction_id');
  }
}
