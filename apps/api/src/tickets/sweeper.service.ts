import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThanOrEqual, type DataSource } from 'typeorm';
import { TRANSITIONS } from '@doorstep/contracts';
import { Clock } from '../common/clock';
import { PeriodicJob } from '../common/periodic-job';
import { isLockBusy } from '../common/database/db-errors';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { EscalationService } from './escalation.service';
import { recordEvent } from './record-event';
import { statusColumns } from './ticket-rules';
import { Ticket } from './ticket.entity';

const BATCH = 200;

export interface SweepResult {
  escalated: number;
  closed: number;
  /** Tickets another instance got to first. */
  skipped: number;
}

/**
 * Deadlines, every SWEEP_INTERVAL_MS: hands overdue tickets to the escalation (escalation.service.ts)
 * and closes resolved tickets nobody rated. Runs in every API instance; each change is
 * `UPDATE … WHERE id = ? AND version = ?`, so when two instances pick the same ticket exactly one
 * changes it and writes the event.
 */
@Injectable()
export class SweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweeperService.name);
  private readonly job = new PeriodicJob('sweep', () => this.sweepOnce(), this.logger);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly escalation: EscalationService,
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
        const outcome = t.status === 'resolved' ? await this.autoClose(t, now) : await this.escalation.escalate(t, now);
        if (outcome) result[outcome]++;
        else result.skipped++;
      } catch (error) {
        if (!isLockBusy(error)) throw error;
        result.skipped++;
      }
    }
    return result;
  }

  private async autoClose(t: Ticket, now: Date): Promise<'closed' | null> {
    return this.db.transaction(async (tx) => {
      const res = await tx
        .createQueryBuilder()
        .update(Ticket)
        .set({ ...statusColumns('closed'), closedAt: now, dueAt: null, timerAt: null })
        .where('id = :id AND version = :version AND status IN (:...from)', {
          id: t.id,
          version: t.version,
          from: TRANSITIONS.close.from,
        })
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
}
