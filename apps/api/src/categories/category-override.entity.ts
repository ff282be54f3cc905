import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';
import { Compound } from '../places/compound.entity';
import { Category } from './category.entity';

/**
 * One compound's own deadlines for a shared default category, or the default switched off there. The
 * default's name, kind and priority stay the platform's. At most one row per compound and category:
 * the unique key is what keeps two managers saving at once from making two.
 */
@Entity('category_overrides')
@Index('uq_category_overrides_compound_category', ['compoundId', 'categoryId'], { unique: true })
/** A default deleted by the platform takes its overrides with it (cascade along this index). */
@Index('idx_category_overrides_category', ['categoryId'])
export class CategoryOverride extends VersionedEntity {
  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_category_overrides_compound' })
  compound?: Compound;

  @Column({ type: 'int' })
  categoryId: number;

  @ManyToOne(() => Category, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_category_overrides_category' })
  category?: Category;

  @Column({ type: 'int' })
  acceptMinutes: number;

  /** null: by the end of the day, as on the category. */
  @Column({ type: 'int', nullable: true })
  resolveHours: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
