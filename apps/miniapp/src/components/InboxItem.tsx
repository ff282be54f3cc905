import { ESCALATION_LABELS, TICKET_KIND_LABELS, TICKET_PRIORITY_LABELS, type TicketView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { formatTime } from '../format';
import { zh } from '../i18n/zh';
import { cx } from './cx';
import { deadlineState } from './deadline';
import { StatusBadge } from './StatusBadge';
import './TicketItems.scss';

interface Props {
  ticket: TicketView;
  /** The current time, from the page's ticking clock: the countdown is live. */
  now: number;
  onOpen: (id: number) => void;
}

/** One ticket in a handler's, assignee's or supervisor's list: what, where, and the live countdown. */
export function InboxItem({ ticket, now, onOpen }: Props) {
  const deadline = deadlineState(ticket, now);
  return (
    <View
      className={cx('card', 'ticket-item', deadline.breached && 'ticket-item--breached')}
      data-testid="inbox-item"
      data-ticket-id={ticket.id}
      data-breached={deadline.breached ? 'true' : 'false'}
      onClick={() => onOpen(ticket.id)}
    >
      <View className="ticket-item__head">
        <View className="ticket-item__title">
          {ticket.categoryName}
          <View className="ticket-item__kind">{TICKET_KIND_LABELS[ticket.kind]}</View>
          {ticket.priority !== 'normal' ? (
            <View className="ticket-item__priority">{TICKET_PRIORITY_LABELS[ticket.priority]}</View>
          ) : null}
        </View>
        <StatusBadge status={ticket.status} duplicateOfId={ticket.duplicateOfId} />
      </View>
      <View
        className={cx('ticket-item__deadline', deadline.breached && 'ticket-item__deadline--breached')}
        data-testid="countdown"
      >
        {deadline.text}
      </View>
      <View className="ticket-item__place">
        {ticket.compoundName} {ticket.placeLabel}
      </View>
      <View className="ticket-item__desc">{ticket.description}</View>
      <View className="ticket-item__meta muted">
        {formatTime(ticket.createdAt, now)}
        {zh.common.separator}
        {ticket.reporterName}
        {ticket.assigneeName ? `${zh.common.separator}${zh.ticket.assignee}：${ticket.assigneeName}` : ''}
        {ticket.escalationLevel > 0 ? `${zh.common.separator}${ESCALATION_LABELS[ticket.escalationLevel] ?? ''}` : ''}
        {ticket.followerCount > 0 ? `${zh.common.separator}${zh.tickets.followers(ticket.followerCount)}` : ''}
      </View>
    </View>
  );
}
