import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { BadgesView, ListBadge } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { MembershipsService } from '../memberships/memberships.service';
import { NotificationsService } from '../notifications/notifications.service';
import { TicketQueriesService, WORK_LISTS } from './ticket-queries.service';

type Row = Record<string, string | number | null>;

/**
 * The numbers the app polls every few seconds while a page is visible: unread notifications (the 消息
 * badge), the open tickets of each work list the caller's roles give them, and the home claims waiting
 * for their review (认证 待审核). Read from the database on
 * every poll, so any API instance answers for changes made on any other.
 */
@Injectable()
export class BadgesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsService,
    private readonly queries: TicketQueriesService,
    private readonly memberships: MembershipsService,
  ) {}

  async badges(caller: Caller): Promise<BadgesView> {
    const lists = this.queries.workListCounts(caller);
    const parts: Array<[string, SelectQueryBuilder<ObjectLiteral>]> = [
      ['c_unread', this.notifications.unreadCountQuery(caller.userId)],
    ];
    for (const list of WORK_LISTS) {
      const count = lists[list];
      if (count) parts.push([`c_${list}`, count]);
    }
    const claims = this.memberships.pendingClaimsCountQuery(caller);
    if (claims) parts.push(['c_claims', claims]);
    const row = await this.oneStatement(parts);
    const badge = (alias: string): ListBadge => ({ open: Number(row[`${alias}_open`]), urgent: Number(row[`${alias}_urgent`]) });
    return {
      unread: Number(row.unread),
      inbox: lists.inbox ? badge('c_inbox') : null,
      tasks: lists.tasks ? badge('c_tasks') : null,
      supervision: lists.supervision ? badge('c_supervision') : null,
      claims: claims ? Number(row.claims) : null,
    };
  }

  /**
   * Every count as a one-row derived table of one SELECT: a poll costs one round trip, however many
   * lists the caller has.
   */
  private async oneStatement(parts: Array<[string, SelectQueryBuilder<ObjectLiteral>]>): Promise<Row> {
    const params: unknown[] = [];
    const tables: string[] = [];
    const columns: string[] = [];
    for (const [alias, qb] of parts) {
      const [sql, bound] = qb.getQueryAndParameters();
      params.push(...bound);
      tables.push(`(${sql}) ${alias}`);
      if (alias === 'c_unread') columns.push(`${alias}.unread_count AS unread`);
      else if (alias === 'c_claims') columns.push(`${alias}.claims_count AS claims`);
      else columns.push(`${alias}.open_count AS ${alias}_open`, `${alias}.urgent_count AS ${alias}_urgent`);
    }
    const rows = (await this.db.query(`SELECT ${columns.join(', ')} FROM ${tables.join(' CROSS JOIN ')}`, params)) as Row[];
    return rows[0];
  }
}
