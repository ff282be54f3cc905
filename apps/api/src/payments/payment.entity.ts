import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { PaymentChannel } from '@doorstep/contracts';
import { Household } from '../households/household.entity';
import { Compound } from '../places/compound.entity';

/**
 * One offline payment (现金, 银行转账, POS) of one household, with its receipt number. Never updated nor
 * deleted: a mistake is reversed by a PaymentReversal row. Its allocations say which bills it paid.
 */
@Entity('payments')
@Index('uq_payments_receipt', ['compoundId', 'receiptYear', 'receiptSeq'], { unique: true })
@Index('idx_payments_compound', ['compoundId', 'id'])
@Index('idx_payments_household', ['householdId', 'id'])
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

  @Column({ type: 'int' })
  recordedById: number;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
