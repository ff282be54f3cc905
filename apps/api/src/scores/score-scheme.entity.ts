import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';
import { Street } from '../places/street.entity';

/** A street's own scoring scheme (ScoreSchemeSettings as JSON); a street without one uses the default. */
@Entity('score_schemes')
@Index('uq_score_schemes_street', ['streetId'], { unique: true })
export class ScoreScheme extends VersionedEntity {
  @Column({ type: 'int' })
  streetId: number;

  @ManyToOne(() => Street, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'street_id', foreignKeyConstraintName: 'fk_score_schemes_street' })
  street?: Street;

  @Column({ type: 'text' })
  settings: string;

  @Column({ type: 'int' })
  updatedById: number;
}
