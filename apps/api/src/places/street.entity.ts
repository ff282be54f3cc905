import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';

/** 街道: the sub-district, top of the place tree. */
@Entity('streets')
@Index('uq_streets_name', ['name'], { unique: true })
export class Street extends VersionedEntity {
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  district: string | null;
}
