import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { BillReminderView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { isDeadlock, isUniqueViolation } from '../common/database/db-errors';
import { validationFailed } from '../common/http/validation';
import { shanghaiMonth } from '../common/shanghai-time';
import { NotificationsService, type NewNotification } from '../notifications/notifications.service';
import { householdLabel } from './bill.view';
import { BillingAccess } from './billing-access';
import { BillReminder } from './bill-reminder.entity';
import type { BillReminderDto } from './dto/billing-extras.dto';
import { yuan } from './receipt-pdf';

type Row = Record<string, unknown>;

interface OpenBill {
  id: number;
  householdId: number;
  household: string;
  period: string;
  itemName: string;
  owedFen: number;
  reminded: boolean;
}

/** What one call would do: the bills to mark, grouped by household, and who to tell. */
interface ReminderPlan {
  fresh: Map<number, OpenBill[]>;
  members: Map<number, number[]>;
  alreadyReminded: number;
  unreachableHouseholds: number;
}

/** Rows per INSERT: well under every driver's limit on bound parameters. */
const INSERT_CHUNK = 500;
const RESIDENT_BILLS_PAGE = '/packages/billing/mine';
/** The outbox keeps 200 characters of a body; the bill list stops before that. */
const BODY_MAX = 200;

/**
 * The message to a household's members: its bills of this round and their total, summed in fen. Bills are
 * listed while they fit; the rest are summarized as "等 N 笔", never cut mid-item.
 */
export function reminderNotice(userId: number, bills: OpenBill[]): NewNotification {
  const label = bills[0]!.household;
  const total = bills.reduce((sum, b) => sum + b.owedFen, 0);
  const head = `${label} 有 ${bills.length} 笔费用未缴清，合计 ${yuan(total)} 元：`;
  const tail = '。请尽快缴纳，已缴请忽略。';
  const items: string[] = [];
  for (const b of bills) {
    const item = `${b.period} ${b.itemName} ${yuan(b.owedFen)} 元`;
    const more = items.length + 1 < bills.length ? `等 ${bills.length} 笔` : '';
    if ((head + [...items, item].join('；') + more + tail).length > BODY_MAX) break;
    items.push(item);
  }
  const listed = items.join('；') + (items.length < bills.length ? `等 ${bills.length} 笔` : '');
  return {
    userId,
    ticketId: null,
    kind: 'bill_reminder',
    title: `缴费提醒：${label}`,
    body: head + listed + tail,
    page: RESIDENT_BILLS_PAGE,
  };
}

/** Attempts of a real run: a lost race is answered by running the plan again, which then finds the winner's rows. */
const ATTEMPTS = 3;

/**
 * 催缴. A real run plans and records in one transaction; the unique key (bill, round) is what keeps two
 * managers pressing at once from both telling a household. The second one's insert waits on the first's
 * row and fails as a duplicate once it commits; the whole transaction (messages included) rolls back and
 * runs again, and this time sees those bills as already reminded. No row lock is taken up front: a lock
 * on the compound would queue behind — and could deadlock with — every payment and bill that references it.
 */
@Injectable()
export class BillRemindersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: BillingAccess,
    private readonly notifications: NotificationsService,
  ) {}

  async remind(caller: Caller, compoundId: number, dto: BillReminderDto, now: Date): Promise<BillReminderView> {
    await this.access.compound(caller, 'bill.write', compoundId);
    await this.checkPlaces(compoundId, dto);
    if (dto.dryRun) return this.view(dto, await this.plan(this.db.manager, compoundId, dto, now), true);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          const plan = await this.plan(tx, compoundId, dto, now);
          await this.record(tx, caller, compoundId, dto.round, plan, now);
          return this.view(dto, plan, false);
        });
      } catch (error) {
        if (attempt >= ATTEMPTS || !(isUniqueViolation(error) || isDeadlock(error))) throw error;
      }
    }
  }

  /** A building or household of another compound is a mistake in the request, not an empty reminder. */
  private async checkPlaces(compoundId: number, dto: BillReminderDto): Promise<void> {
    const problems: Array<{ field: string; problems: string[] }> = [];
    if (dto.buildingId !== undefined) {
      const [b]: Row[] = await this.db.query('SELECT compound_id FROM buildings WHERE id = ?', [dto.buildingId]);
      if (!b || Number(b.compound_id) !== compoundId)
        problems.push({ field: 'buildingId', problems: ['no such building in this compound'] });
    }
    if (dto.householdId !== undefined) {
      const [h]: Row[] = await this.db.query('SELECT compound_id FROM households WHERE id = ?', [dto.householdId]);
      if (!h || Number(h.compound_id) !== compoundId) {
        problems.push({ field: 'householdId', problems: ['no such household in this compound'] });
      }
    }
    if (problems.length) throw validationFailed(problems);
  }

  private async plan(tx: EntityManager, compoundId: number, dto: BillReminderDto, now: Date): Promise<ReminderPlan> {
    const bills = await this.openBills(tx, compoundId, dto, now);
    const members = await this.verifiedMembers(tx, [...new Set(bills.map((b) => b.householdId))]);
    const fresh = new Map<number, OpenBill[]>();
    let alreadyReminded = 0;
    const unreachable = new Set<number>();
    for (const b of bills) {
      if (b.reminded) alreadyReminded++;
      else if (!members.has(b.householdId)) unreachable.add(b.householdId);
      else fresh.set(b.householdId, [...(fresh.get(b.householdId) ?? []), b]);
    }
    return { fresh, members, alreadyReminded, unreachableHouseholds: unreachable.size };
  }

  /** Open bills whose period has begun (as the arrears report counts them), with whether this round reminded them. */
  private async openBills(tx: EntityManager, compoundId: number, dto: BillReminderDto, now: Date): Promise<OpenBill[]> {
    const params: unknown[] = [dto.round, compoundId, shanghaiMonth(now).label];
    let narrow = '';
    if (dto.buildingId !== undefined) {
      narrow += ' AND b.building_id = ?';
      params.push(dto.buildingId);
    }
    if (dto.householdId !== undefined) {
      narrow += ' AND b.household_id = ?';
      params.push(dto.householdId);
    }
    if (dto.period !== undefined) {
      narrow += ' AND b.period = ?';
      params.push(dto.period);
    }
    const rows: Row[] = await tx.query(
      `SELECT b.id, b.household_id, b.period, b.item_name, b.amount_fen - b.paid_fen AS owed, h.unit, h.room, bd.name,
              r.id AS reminder_id
         FROM bills b
         JOIN households h ON h.id = b.household_id
         JOIN buildings bd ON bd.id = b.building_id
         LEFT JOIN bill_reminders r ON r.bill_id = b.id AND r.round = ?
        WHERE b.compound_id = ? AND b.status IN ('unpaid', 'partially_paid') AND b.period <= ?${narrow}
        ORDER BY b.household_id, b.period, b.id`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      householdId: Number(r.household_id),
      household: `${String(r.name)} ${householdLabel(String(r.unit), String(r.room))}`,
      period: String(r.period),
      itemName: String(r.item_name),
      owedFen: Number(r.owed),
      reminded: r.reminder_id !== null && r.reminder_id !== undefined,
    }));
  }

  /** Verified members by household: only people the household's claim process vouched for are told. */
  private async verifiedMembers(tx: EntityManager, householdIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    for (let i = 0; i < householdIds.length; i += INSERT_CHUNK) {
      const chunk = householdIds.slice(i, i + INSERT_CHUNK);
      const rows: Row[] = await tx.query(
        `SELECT household_id, user_id FROM household_members
          WHERE status = 'verified' AND household_id IN (${chunk.map(() => '?').join(', ')})
          ORDER BY household_id, user_id`,
        chunk,
      );
      for (const r of rows) {
        const h = Number(r.household_id);
        out.set(h, [...(out.get(h) ?? []), Number(r.user_id)]);
      }
    }
    return out;
  }

  /**
   * The reminder rows first, then the messages, in one transaction: a bill counts as reminded exactly when
   * its household was told, and a lost race fails on the rows before any message is written.
   */
  private async record(
    tx: EntityManager,
    caller: Caller,
    compoundId: number,
    round: string,
    plan: ReminderPlan,
    now: Date,
  ): Promise<void> {
    const rows = [...plan.fresh.values()].flat().map((b) => ({
      billId: b.id,
      round,
      compoundId,
      householdId: b.householdId,
      remindedById: caller.userId,
      createdAt: now,
    }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await tx.insert(BillReminder, rows.slice(i, i + INSERT_CHUNK));
    // One enqueue per household: the outbox keeps one message per person and kind in a batch, and a
    // person with two homes in arrears should hear about both.
    for (const [householdId, bills] of plan.fresh) {
      const users = plan.members.get(householdId) ?? [];
      await this.notifications.enqueue(
        tx,
        users.map((u) => reminderNotice(u, bills)),
      );
    }
  }

  private view(dto: BillReminderDto, plan: ReminderPlan, dryRun: boolean): BillReminderView {
    let bills = 0;
    let recipients = 0;
    for (const [householdId, list] of plan.fresh) {
      bills += list.length;
      recipients += plan.members.get(householdId)?.length ?? 0;
    }
    return {
      round: dto.round,
      bills,
      households: plan.fresh.size,
      recipients,
      alreadyReminded: plan.alreadyReminded,
      unreachableHouseholds: plan.unreachableHouseholds,
      dryRun,
    };
  }
}
