import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The last receipt number given in a compound and year. Taken FOR UPDATE inside the payment's
 * transaction and raised with it, so numbers are unique and, since a rolled-back payment rolls its number
 * back too, without gaps.
 */
@Entity('receipt_counters')
@Index('uq_receipt_counters', ['compoundId', 'year'], { unique: true })
export class ReceiptCounter {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  compoundId: number;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'int', default: 0 })
  lastSeq: number;
}
