import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';
import { Community } from './community.entity';

/** 网格: 200–500 households of one community, covering a set of buildings. */
@Entity('grids')
@Index('uq_grids_community_name', ['communityId', 'name'], { unique: true })
@Index('idx_grids_community', ['communityId', 'id'])
export class Grid extends VersionedEntity {
  @Column({ type: 'int' })
  communityId: number;

  @ManyToOne(() => Community, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'community_id', foreignKeyConstraintName: 'fk_grids_community' })
  community?: Community;

  @Column({ type: 'varchar', length: 64 })
  name: string;
}
