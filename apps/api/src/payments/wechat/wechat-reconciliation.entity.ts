import { Column, Entity, Index } from 'typeorm';
import type { ReconciliationFailure, ReconciliationStatus } from '@doorstep/contracts';
import { VersionedEntity } from '../../common/database/base.entity';

/**
 * 对账 of one merchant bill date (a Shanghai day): one row per date, so two instances or two managers
 * cannot reconcile the same day twice at once. A run claims the row (status `running` with a lease),
 * replaces its items and writes the figures; a rerun does the same again. Money in fen.
 */
@Entity('wechat_reconciliations')
@Index('uq_wechat_reconciliations_bill_date', ['billDate'], { unique: true })
export class WechatReconciliation extends VersionedEntity {
  /** 'YYYY-MM-DD' in Asia/Shanghai, as WeChat's bill_date. */
  @Column({ type: 'varchar', length: 10 })
  billDate: string;

  @Column({ type: 'varchar', length: 16 })
  status: ReconciliationStatus;

  @Column({ type: 'varchar', length: 32, nullable: true })
  failure: ReconciliationFailure | null;

  /** A `running` claim older than this is abandoned (its instance died) and may be taken over. */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  leaseUntil: Date | null;

  /** SHA1 of the file that was compared, as WeChat stated it and we checked it. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  billSha1: string | null;

  @Column({ type: 'int', default: 0 })
  billRows: number;

  @Column({ type: 'int', default: 0 })
  wechatPaymentCount: number;

  @Column({ type: 'int', default: 0 })
  wechatPaymentFen: number;

  @Column({ type: 'int', default: 0 })
  wechatRefundCount: number;

  @Column({ type: 'int', default: 0 })
  wechatRefundFen: number;

  @Column({ type: 'int', default: 0 })
  ourPaymentCount: number;

  @Column({ type: 'int', default: 0 })
  ourPaymentFen: number;

  @Column({ type: 'int', default: 0 })
  ourRefundCount: number;

  @Column({ type: 'int', default: 0 })
  ourRefundFen: number;

  @Column({ type: 'int', default: 0 })
  mismatchCount: number;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  finishedAt: Date | null;
}
