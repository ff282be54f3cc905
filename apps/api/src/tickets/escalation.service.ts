import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ESCALATION_LABELS } from '@doorstep/contracts';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { recordEvent } from './record-event';
import { schedule, scheduleSettings } from './schedule';
import { TicketLoader } from './ticket-loader.service';
import { Ticket } from './ticket.entity';

/**
 * Escalation of an overdue ticket, one level a time: 0 the handler (company or shared society) → 1
 * the community → 2 the street ("街道吹哨"). Each step is `UPDATE … WHERE id = ? AND version = ?`, so
 * when two instances escalate the same ticket exactly one does, writes the event and notifies.
 */
@Injectable()
export class EscalationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: TicketLoader,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** null when there was nothing to do or another instance got there first. */
  async escalate(t: Ticket, now: Date): Promise<'escalated' | null> {
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
    Object.assign(patch, schedule({ ...t, ...patch }, now, scheduleSettings(this.config)));
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
