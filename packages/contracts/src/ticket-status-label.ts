import { TICKET_STATUS_LABELS, type TicketStatus } from './tickets';

/** A duplicate closed by 合并: nobody rated it, so 已评价 would be untrue. */
export const MERGED_STATUS_LABEL = '已合并';

/** The status in words as a person should read it: a merged duplicate is closed, but not rated. */
export function ticketStatusLabel(ticket: { status: TicketStatus; duplicateOfId?: number | null }): string {
  if (ticket.status === 'closed' && ticket.duplicateOfId != null) return MERGED_STATUS_LABEL;
  return TICKET_STATUS_LABELS[ticket.status];
}
