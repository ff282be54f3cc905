import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Bill } from '../bill.entity';
import { WechatOrder } from './wechat-order.entity';

/** A bill an order was made to pay, and how much of it was owed then: a frozen copy of what was asked. */
@Entity('wechat_order_bills')
@Index('uq_wechat_order_bills', ['orderId', 'billId'], { unique: true })
@Index('idx_wechat_order_bills_bill', ['billId'])
export class WechatOrderBill {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  orderId: number;

  @ManyToOne(() => WechatOrder, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_wechat_order_bills_order' })
  order?: WechatOrder;

  @Column({ type: 'int' })
  billId: number;

  @ManyToOne(() => Bill, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'bill_id', foreignKeyConstraintName: 'fk_wechat_order_bills_bill' })
  bill?: Bill;

  @Column({ type: 'int' })
  amountFen: number;
}
