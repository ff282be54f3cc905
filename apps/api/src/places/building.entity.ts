import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';
import { Compound } from './compound.entity';
import { Grid } from './grid.entity';

/** 楼栋, assigned to the grid whose worker visits it. */
@Entity('buildings')
@Index('uq_buildings_compound_name', ['compoundId', 'name'], { unique: true })
@Index('idx_buildings_grid', ['gridId', 'id'])
@Index('idx_buildings_compound', ['compoundId', 'id'])
export class Building extends VersionedEntity {
  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_buildings_compound' })
  compound?: Compound;

  @Column({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'int', nullable: true })
  gridId: number | null;

  @ManyToOne(() => Grid, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'grid_id', foreignKeyConstraintName: 'fk_buildings_grid' })
  grid?: Grid | null;
}
