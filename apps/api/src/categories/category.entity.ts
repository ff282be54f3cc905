import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { TicketKind, TicketPriority } from '@doorstep/contracts';
import { VersionedEntity } from '../common/database/base.entity';
import { Compound } from '../places/compound.entity';

/** 问题类别 with its deadlines. compoundId null: a default offered in every compound. */
@Entity('categories')
@Index('idx_categories_compound', ['compoundId', 'sort', 'id'])
export class Category extends VersionedEntity {
  @Column({ type: 'int', nullable: true })
  compoundId: number | null;

  @ManyToOne(() => Compound, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_categories_compound' })
  compound?: Compound | null;

  @Column({ type: 'varchar', length: 16 })
  kind: TicketKind;

  @Column({ type: 'varchar', length: 32 })
  name: string;

  /** A name from the mini-program's icon set. */
  @Column({ type: 'varchar', length: 32 })
  icon: string;

  @Column({ type: 'varchar', length: 16 })
  priority: TicketPriority;

  @Column({ type: 'int' })
  acceptMinutes: number;

  /** null: by the end of the day (reports after 18:00: the next day). */
  @Column({ type: 'int', nullable: true })
  resolveHours: number | null;

  @Column({ type: 'int', default: 0 })
  sort: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
