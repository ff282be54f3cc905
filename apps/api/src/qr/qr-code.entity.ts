import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';
import { Building } from '../places/building.entity';
import { Compound } from '../places/compound.entity';

/**
 * A printed QR code: a compound, optionally narrowed to one of its buildings and/or a named public spot
 * (3号楼地下车库). Codes are revoked, never deleted, so tickets filed through one keep their reference.
 */
@Entity('qr_codes')
@Index('uq_qr_codes_token', ['token'], { unique: true })
@Index('idx_qr_codes_compound', ['compoundId', 'id'])
@Index('idx_qr_codes_building', ['buildingId', 'id'])
export class QrCode extends VersionedEntity {
  @Column({ type: 'varchar', length: 32 })
  token: string;

  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_qr_codes_compound' })
  compound?: Compound;

  @Column({ type: 'int', nullable: true })
  buildingId: number | null;

  @ManyToOne(() => Building, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'building_id', foreignKeyConstraintName: 'fk_qr_codes_building' })
  building?: Building | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  spotName: string | null;

  @Column({ type: 'int', nullable: true })
  createdBy: number | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  revokedAt: Date | null;
}
