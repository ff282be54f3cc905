import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { WechatOrderStatus, WechatTradeType } from '@doorstep/contracts';
import { VersionedEntity } from '../../common/database/base.entity';
import { Household } from '../../households/household.entity';
import { Compound } from '../../places/compound.entity';

/**
 * A WeChat Pay order (统一下单) for some open bills of one household, with the amount the server computed.
 * `open` until WeChat says it was paid (→ `paid`, once, with the payment it became) or the close job
 * closes it after `expiresAt`. Every change is conditional on `version`.
 */
@Entity('wechat_orders')
@Index('uq_wechat_orders_out_trade_no', ['outTradeNo'], { unique: true })
@Index('idx_wechat_orders_status_expires', ['status', 'expiresAt'])
@Index('idx_wechat_orders_household', ['householdId', 'id'])
export class WechatOrder extends VersionedEntity {
  /** Our 商户订单号: 'DS' + a random part, 32 characters at most. */
  @Column({ type: 'varchar', length: 32 })
  outTradeNo: string;

  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_wechat_orders_compound' })
  compound?: Compound;

  @Column({ type: 'int' })
  buildingId: number;

  @Column({ type: 'int' })
  householdId: number;

  @ManyToOne(() => Household, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'fk_wechat_orders_household' })
  household?: Household;

  /** The member who started paying. */
  @Column({ type: 'int' })
  payerId: number;

  @Column({ type: 'varchar', length: 8 })
  tradeType: WechatTradeType;

  @Column({ type: 'int' })
  amountFen: number;

  @Column({ type: 'varchar', length: 16 })
  status: WechatOrderStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  prepayId: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  codeUrl: string | null;

  @Column({ type: 'datetime', precision: 6 })
  expiresAt: Date;

  @Column({ type: 'int', nullable: true })
  paymentId: number | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  finishedAt: Date | null;
}
