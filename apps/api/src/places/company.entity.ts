import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';

/** 物业公司: serves compounds; what the scores rank. */
@Entity('property_companies')
@Index('uq_property_companies_name', ['name'], { unique: true })
@Index('uq_property_companies_credit_code', ['creditCode'], { unique: true })
export class PropertyCompany extends VersionedEntity {
  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** 统一社会信用代码 (18 characters). */
  @Column({ type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  contactPhone: string | null;
}
