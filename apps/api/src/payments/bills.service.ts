import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import {
  CANCELLABLE_BILL_STATUSES,
  WAIVABLE_BILL_STATUSES,
  type BillStatus,
  type BillView,
  type Page,
} from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { DomainError, notFound, unprocessable } from '../common/errors/domain-error';
import { byId, keysetPage } from '../common/pagination/keyset';
import { Bill } from './bill.entity';
import { billView } from './bill.view';
import { BillingAccess } from './billing-access';
import type { BillActionDto, ListBillsQueryDto, MyBillsQueryDto } from './dto/payments.dto';

/** Bills: the manager's list, a resident's own, waive (减免) and cancel (作废). */
@Injectable()
export class BillsService {
  constructor(
    @InjectRepository(Bill) private readonly bills: Repository<Bill>,
    private readonly access: BillingAccess,
  ) {}

  private query(): SelectQueryBuilder<Bill> {
    return this.bills.createQueryBuilder('b').leftJoinAndSelect('b.building', 'bd').leftJoinAndSelect('b.household', 'h');
  }

  /** One compound's bills, newest first; filters narrow within the compound. */
  async list(caller: Caller, q: ListBillsQueryDto): Promise<Page<BillView>> {
    await this.access.compound(caller, 'bill.read', q.compoundId);
    const qb = this.query().where('b.compoundId = :compound', { compound: q.compoundId });
    if (q.buildingId !== undefined) qb.andWhere('b.buildingId = :building', { building: q.buildingId });
    if (q.householdId !== undefined) qb.andWhere('b.householdId = :household', { household: q.householdId });
    if (q.status !== undefined) qb.andWhere('b.status = :status', { status: q.status });
    if (q.period !== undefined) qb.andWhere('b.period = :period', { period: q.period });
    const page = await keysetPage(qb, q, byId('b', 'DESC'));
    return { items: page.items.map(billView), nextCursor: page.nextCursor };
  }

  /** 我的账单: bills of the households the caller is a verified member of. */
  async mine(caller: Caller, q: MyBillsQueryDto): Promise<Page<BillView>> {
    const own = await this.access.ownHouseholds(caller);
    if (q.householdId !== undefined && !own.includes(q.householdId)) throw notFound('HOUSEHOLD_NOT_FOUND');
    const households = q.householdId !== undefined ? [q.householdId] : own;
    if (!households.length) return { items: [], nextCursor: null };
    const qb = this.query().where('b.householdId IN (:...households)', { households });
    if (q.status !== undefined) qb.andWhere('b.status = :status', { status: q.status });
    const page = await keysetPage(qb, q, byId('b', 'DESC'));
    return { items: page.items.map(billView), nextCursor: page.nextCursor };
  }

  waive(caller: Caller, id: number, dto: BillActionDto, now: Date): Promise<BillView> {
    return this.settle(caller, id, dto, now, 'waived', WAIVABLE_BILL_STATUSES);
  }

  cancel(caller: Caller, id: number, dto: BillActionDto, now: Date): Promise<BillView> {
    return this.settle(caller, id, dto, now, 'cancelled', CANCELLABLE_BILL_STATUSES);
  }

  /**
   * A conditional update: `WHERE id = ? AND version = ? AND status IN (…)` (and nothing paid, to cancel).
   * Stale version → 409 with the current version; a status that does not allow it → 422.
   */
  private async settle(
    caller: Caller,
    id: number,
    dto: BillActionDto,
    now: Date,
    to: BillStatus,
    from: readonly BillStatus[],
  ): Promise<BillView> {
    const bill = await this.bills.findOneBy({ id });
    if (!bill) throw notFound('BILL_NOT_FOUND');
    await this.access.compound(caller, 'bill.write', bill.compoundId, 'BILL_NOT_FOUND');
    const conflict = (current: Bill) =>
      new DomainError('VERSION_CONFLICT', 409, { currentVersion: current.version, status: current.status });
    if (bill.version !== dto.version) throw conflict(bill);
    const allowed = (b: Bill) => from.includes(b.status) && (to !== 'cancelled' || b.paidFen === 0);
    if (!allowed(bill)) throw unprocessable('BILL_INVALID_TRANSITION', { status: bill.status, paidFen: bill.paidFen });
    const qb = this.bills
      .createQueryBuilder()
      .update()
      .set({ status: to, statusReason: dto.reason, statusById: caller.userId, statusAt: now })
      .where('id = :id AND version = :version AND status IN (:...from)', { id, version: dto.version, from: [...from] });
    if (to === 'cancelled') qb.andWhere('paid_fen = 0');
    const result = await qb.execute();
    if (!result.affected) {
      const current = await this.bills.findOneBy({ id });
      if (!current) throw notFound('BILL_NOT_FOUND');
      throw conflict(current);
    }
    return billView(await this.query().where('b.id = :id', { id }).getOneOrFail());
  }
}
