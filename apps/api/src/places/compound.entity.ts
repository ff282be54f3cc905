import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { CompoundType, ManagementMode } from '@doorstep/contracts';
import { VersionedEntity } from '../common/database/base.entity';
import { Community } from './community.entity';
import { PropertyCompany } from './company.entity';

/** 小区. Its management mode decides who handles its tickets. */
@Entity('compounds')
@Index('uq_compounds_community_name', ['communityId', 'name'], { unique: true })
@Index('idx_compounds_company', ['companyId', 'id'])
@Index('idx_compounds_community', ['communityId', 'id'])
export class Compound extends VersionedEntity {
  @Column({ type: 'int' })
  communityId: number;

  @ManyToOne(() => Community, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'community_id', foreignKeyConstraintName: 'fk_compounds_community' })
  community?: Community;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 16 })
  type: CompoundType;

  @Column({ type: 'varchar', length: 16 })
  managementMode: ManagementMode;

  @Column({ type: 'int', nullable: true })
  companyId: number | null;

  @ManyToOne(() => PropertyCompany, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'fk_compounds_company' })
  company?: PropertyCompany | null;
}
