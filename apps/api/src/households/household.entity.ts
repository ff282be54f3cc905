import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';
import { Building } from '../places/building.entity';
import { Compound } from '../places/compound.entity';
import { HouseholdTag } from './household-tag.entity';

/** 户: one dwelling. Area in hundredths of m² (8950 = 89.50 m²) so fee arithmetic stays integral. */
@Entity('households')
@Index('uq_households_building_unit_room', ['buildingId', 'unit', 'room'], { unique: true })
@Index('idx_households_compound', ['compoundId', 'id'])
@Index('idx_households_building', ['buildingId', 'id'])
@Index('idx_households_owner_phone', ['ownerPhone'])
export class Household extends VersionedEntity {
  /** Denormalised from the building so compound-wide lists need no join. */
  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_households_compound' })
  compound?: Compound;

  @Column({ type: 'int' })
  buildingId: number;

  @ManyToOne(() => Building, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'building_id', foreignKeyConstraintName: 'fk_households_building' })
  building?: Building;

  @Column({ type: 'varchar', length: 16 })
  unit: string;

  @Column({ type: 'varchar', length: 16 })
  room: string;

  @Column({ type: 'int' })
  areaHundredths: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ownerName: string | null;

  /** As imported from the manager's list; lets a resident with this phone be verified at once. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  ownerPhone: string | null;

  @OneToMany(() => HouseholdTag, (t) => t.household)
  tags?: HouseholdTag[];
}
