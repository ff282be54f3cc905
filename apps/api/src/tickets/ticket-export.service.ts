import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { LIMITS, TICKET_KIND_LABELS, ticketStatusLabel } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { unprocessable } from '../common/errors/domain-error';
import { formatShanghai, shanghaiDateStamp } from '../common/shanghai-time';
import { SheetWriter, type SheetColumn } from '../common/xlsx/sheet-writer';
import type { TicketExportQuery } from './dto/tickets.dto';
import { TicketLoader, type LoadedTicket } from './ticket-loader.service';
import { TicketQueriesService } from './ticket-queries.service';
import { ticketView } from './ticket.view';

/** Tickets loaded per statement: a list page's worth, so the loader's SQL is one it has already built. */
const CHUNK = LIMITS.pageSizeMax;

const COLUMNS: SheetColumn[] = [
  { header: '工单号', width: 10 },
  { header: '类型', width: 10 },
  { header: '类别', width: 14 },
  { header: '状态', width: 16 },
  { header: '位置', width: 22 },
  { header: '描述', width: 48 },
  { header: '报事人', width: 22 },
  { header: '处理人', width: 12 },
  { header: '提交时间', width: 17 },
  { header: '受理时间', width: 17 },
  { header: '解决时间', width: 17 },
  { header: '超时', width: 6 },
  { header: '评分', width: 6 },
];

const shanghai = (at: Date | null) => (at ? formatShanghai(at) : '');

/**
 * 工单查询 as an XLSX workbook: the rows GET /tickets would page through, newest first, at most
 * LIMITS.exportMaxRows (counted before anything is loaded: 422 EXPORT_TOO_LARGE). The tickets are
 * loaded and turned into rows a list page at a time, yielding to the event loop between pages; the file
 * is written in a worker thread (SheetWriter). Nothing is sent before the whole file exists, so a
 * failure half-way is an ordinary JSON error, not a truncated download.
 */
@Injectable()
export class TicketExportService {
  constructor(
    private readonly queries: TicketQueriesService,
    private readonly loader: TicketLoader,
    private readonly clock: Clock,
    private readonly sheets: SheetWriter,
  ) {}

  async export(caller: Caller, query: TicketExportQuery): Promise<{ filename: string; body: Buffer }> {
    const where = await this.queries.searchWhere(caller, query);
    const count = await where.clone().getCount();
    if (count > LIMITS.exportMaxRows) throw unprocessable('EXPORT_TOO_LARGE', { count, max: LIMITS.exportMaxRows });
    // Rows reported since the count cannot push the file over the limit.
    const ids = (
      await where.select('t.id', 'id').orderBy('t.id', 'DESC').limit(LIMITS.exportMaxRows).getRawMany<{ id: number | string }>()
    ).map((r) => Number(r.id));
    const now = this.clock.now();

    const rows: Array<Array<string | number>> = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const loaded = await this.loader.loadMany(caller, chunk);
      for (const id of chunk) {
        const l = loaded.get(id);
        if (l?.rel.canRead) rows.push(row(l, now));
      }
      await nextTurn();
    }
    const body = await this.sheets.write([{ name: '工单', columns: COLUMNS, rows }]);
    return { filename: `tickets-${query.compoundId}-${shanghaiDateStamp(now)}.xlsx`, body };
  }
}

/**
 * One ticket as the caller would see it in the list, in words and Shanghai times. The reporter's name and
 * phone are the view's: the full number only for the reporter, the handler and the assignee (seesPhone),
 * masked for other staff, nothing for an anonymous complainant hidden from the company.
 */
function row({ ticket: t, rel, handlerName }: LoadedTicket, now: Date): Array<string | number> {
  const v = ticketView(t, rel, handlerName, []);
  const phone = v.reporterPhone;
  const breached = t.acceptBreached || t.resolveBreached || (t.dueAt !== null && t.dueAt < now);
  return [
    v.id,
    TICKET_KIND_LABELS[v.kind],
    v.categoryName,
    ticketStatusLabel(v),
    v.placeLabel,
    v.description,
    phone ? `${v.reporterName} ${phone}` : v.reporterName,
    v.assigneeName ?? '',
    shanghai(t.createdAt),
    shanghai(t.acceptedAt),
    shanghai(t.resolvedAt),
    breached ? '是' : '否',
    v.rating?.overall ?? '',
  ];
}
