import type { TicketView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { formatTime } from '../format';
import { zh } from '../i18n/zh';
import { StatusBadge } from './StatusBadge';
import './TicketItems.scss';

interface Props {
  ticket: TicketView;
  onOpen: (id: number) => void;
}

/** One of the resident's own tickets: what, where, when, and its status. */
export function TicketCard({ ticket, onOpen }: Props) {
  return (
    <View className="card ticket-item" data-testid="ticket-card" data-ticket-id={ticket.id} onClick={() => onOpen(ticket.id)}>
      <View className="ticket-item__head">
        <View className="ticket-item__title">{ticket.categoryName}</View>
        <StatusBadge status={ticket.status} duplicateOfId={ticket.duplicateOfId} />
      </View>
      <View className="ticket-item__place">
        {ticket.compoundName} {ticket.placeLabel}
      </View>
      <View className="ticket-item__desc">{ticket.description}</View>
      <View className="ticket-item__meta muted">
        {formatTime(ticket.createdAt)}
        {zh.common.separator}
        {zh.ticket.number(ticket.id)}
        {ticket.followerCount > 0 ? `${zh.common.separator}${zh.tickets.followers(ticket.followerCount)}` : ''}
      </View>
    </View>
  );
}
