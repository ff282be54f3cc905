import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';
import { Compound } from '../places/compound.entity';

/** A compound's collecting choices; no row means the defaults (bills are paid online in full). */
@Entity('compound_billing_settings')
@Index('uq_compound_billing_settings', ['compoundId'], { unique: true })
export class BillingSettings extends VersionedEntity {
  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_compound_billing_settings_compound' })
  compound?: Compound;

  @Column({ type: 'boolean', default: false })
  allowPartialPayment: boolean;
}
