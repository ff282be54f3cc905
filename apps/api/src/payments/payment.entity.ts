import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { PaymentChannel } from '@doorstep/contracts';
import { Household } from '../households/household.entity';
import { Compound } from '../places/compound.entity';

/**
 * One payment of one household — offline (现金, 银行转账, POS) or by WeChat Pay — with its receipt number.
 * Never updated nor deleted: a mistake is reversed by a PaymentReversal row, money given back is a
 * PaymentRefund row. Its allocations say which bills it paid.
 */
@Entity('payments')
@Index('uq_payments_receipt', ['compoundId', 'receiptYear', 'receiptSeq'], { unique: true })
@Index('idx_payments_compound', ['compoundId', 'id'])
@Index('idx_payments_household', ['householdId', 'id'])
@Index('uq_payments_transaction', ['transactionId'], { unique: true })
@Index('idx_payments_channel_created', ['channel', 'createdAt'])
export class Payment {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_payments_compound' })
  compound?: Compound;

  @Column({ type: 'int' })
  buildingId: number;

  @Column({ type: 'int' })
  householdId: number;

  @ManyToOne(() => Household, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'fk_payments_household' })
  household?: Household;

  @Column({ type: 'varchar', length: 16 })
  channel: PaymentChannel;

  @Column({ type: 'int' })
  amountFen: number;

  /** The Asia/Shanghai year the receipt is numbered in, and its number in that year. */
  @Column({ type: 'int' })
  receiptYear: number;

  @Column({ type: 'int' })
  receiptSeq: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  reference: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  /** Who recorded it; for WeChat payments, the member who paid. */
  @Column({ type: 'int' })
  recordedById: number;

  /** WeChat Pay's 微信支付单号: unique, so one WeChat payment is recorded once whatever arrives how often. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  transactionId: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
