import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';
import { Street } from './street.entity';

/** 社区: belongs to a street; supervises compounds and runs the shared property society. */
@Entity('communities')
@Index('uq_communities_street_name', ['streetId', 'name'], { unique: true })
@Index('idx_communities_street', ['streetId', 'id'])
export class Community extends VersionedEntity {
  @Column({ type: 'int' })
  streetId: number;

  @ManyToOne(() => Street, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'street_id', foreignKeyConstraintName: 'fk_communities_street' })
  street?: Street;

  @Column({ type: 'varchar', length: 64 })
  name: string;
}
