import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThanOrEqual, type DataSource } from 'typeorm';
import { ESCALATION_LABELS } from '@doorstep/contracts';
import { Clock } from '../common/clock';
import { PeriodicJob } from '../common/periodic-job';
import { isLockBusy } from '../common/database/db-errors';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { schedule } from './schedule';
import { recordEvent } from './record-event';
import { TicketLoader } from './ticket-loader.service';
import { Ticket } from './ticket.entity';

const BATCH = 200;

export interface SweepResult {
  escalated: number;
  closed: number;
  /** Tickets another instance got to first. */
  skipped: number;
}

/**
 * Deadlines: escalates overdue tickets (handler → community → street) and closes resolved tickets
 * nobody rated. Runs in every API instance; each change is `UPDATE … WHERE id = ? AND version = ?`, so
 * when two instances pick the same ticket exactly one escalates it and writes the event.
 */
@Injectable()
export class SweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweeperService.name);
  private readonly job = new PeriodicJob('sweep', () => this.sweepOnce(), this.logger);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: TicketLoader,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  async sweepOnce(): Promise<SweepResult> {
    const now = this.clock.now();
    const due = await this.db.getRepository(Ticket).find({
      where: { timerAt: LessThanOrEqual(now) },
      order: { timerAt: 'ASC', id: 'ASC' },
      take: BATCH,
      relations: { category: true },
    });
    const result: SweepResult = { escalated: 0, closed: 0, skipped: 0 };
    for (const t of due) {
      try {
        const outcome = t.status === 'resolved' ? await this.autoClose(t, now) : await this.escalate(t, now);
        if (outcome) result[outcome]++;
        else result.skipped++;
      } catch (error) {
        if (!isLockBusy(error)) throw error;
        result.skipped++;
      }
    }
    return result;
  }

  private settings() {
    return { autoCloseHours: this.config.AUTO_CLOSE_HOURS, escalateToStreetHours: this.config.ESCALATE_TO_STREET_HOURS };
  }

  private async autoClose(t: Ticket, now: Date): Promise<'closed' | null> {
    return this.db.transaction(async (tx) => {
      const res = await tx
        .createQueryBuilder()
        .update(Ticket)
        .set({ status: 'closed', isOpen: false, closedAt: now, dueAt: null, timerAt: null })
        .where('id = :id AND version = :version AND status = :status', { id: t.id, version: t.version, status: 'resolved' })
        .execute();
      if (!res.affected) return null;
      await recordEvent(tx, t, {
        actor: 'system',
        action: 'close',
        from: 'resolved',
        to: 'closed',
        note: '超过评价期限，自动结单（未评价）',
        at: now,
      });
      return 'closed' as const;
    });
  }

  private async escalate(t: Ticket, now: Date): Promise<'escalated' | null> {
    if (t.escalationLevel >= 2) {
      // Nothing above the street: stop looking at it.
      await this.db.getRepository(Ticket).update({ id: t.id, version: t.version }, { timerAt: null });
      return null;
    }
    const level = t.escalationLevel + 1;
    const acceptLate = t.status === 'submitted' && now >= t.acceptDeadline;
    const resolveLate = t.status !== 'submitted' && t.status !== 'appealed' && now >= t.resolveDeadline;
    const patch = {
      escalationLevel: level,
      supervised: true,
      acceptBreached: t.acceptBreached || acceptLate,
      resolveBreached: t.resolveBreached || resolveLate,
      timerAt: null as Date | null,
    };
    Object.assign(patch, schedule({ ...t, ...patch }, now, this.settings()));
    return this.db.transaction(async (tx) => {
      const res = await tx
        .createQueryBuilder()
        .update(Ticket)
        .set(patch)
        .where('id = :id AND version = :version', { id: t.id, version: t.version })
        .execute();
      if (!res.affected) return null;
      const why = acceptLate ? '超时未受理' : resolveLate ? '超时未办结' : '久未处理';
      await recordEvent(tx, t, {
        actor: 'system',
        action: 'escalate',
        note: `${why}，升级至${ESCALATION_LABELS[level]}`,
        at: now,
      });
      const supervisors = await this.loader.supervisorUserIds(tx, t, level);
      await this.notifications.enqueue(
        tx,
        supervisors.map((userId) => ({
          userId,
          ticketId: t.id,
          kind: 'ticket_status' as const,
          title: `${ESCALATION_LABELS[level]}：${t.category?.name ?? '工单'}`,
          body: `${why} · ${t.placeLabel}`,
          page: `/packages/supervisor/ticket?id=${t.id}`,
        })),
      );
      return 'escalated' as const;
    });
  }
}
