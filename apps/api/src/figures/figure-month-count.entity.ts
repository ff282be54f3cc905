import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Compound } from '../places/compound.entity';

/**
 * The ticket counts of one compound's month, kept so a street's six-month trend need not read every
 * ticket again. Trusted only while `stamp` — the count, the sum of versions and the latest update of
 * that compound-month's tickets — still matches, and until `validUntil` (the next acceptance deadline of
 * a ticket still waiting: from then on it counts as late). Anything else is recounted from the tickets.
 */
@Entity('figure_month_counts')
export class FigureMonthCount {
  @PrimaryColumn({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_figure_month_counts_compound' })
  compound?: Compound;

  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @Column({ type: 'varchar', length: 80 })
  stamp: string;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  validUntil: Date | null;

  /** The ticket keys of FigureCounts as JSON. */
  @Column({ type: 'text' })
  counts: string;

  @Column({ type: 'datetime', precision: 6 })
  computedAt: Date;
}
