import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Community } from '../places/community.entity';

/**
 * A community's own visit frequency for one care tag (or `routine` for households without one). A row
 * only where the community changed the default (DEFAULT_CARE_FREQUENCY_DAYS).
 */
@Entity('care_frequencies')
export class CareFrequency {
  @PrimaryColumn({ type: 'int' })
  communityId: number;

  @ManyToOne(() => Community, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'community_id', foreignKeyConstraintName: 'fk_care_frequencies_community' })
  community?: Community;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  tag: string;

  @Column({ type: 'int' })
  days: number;
}
