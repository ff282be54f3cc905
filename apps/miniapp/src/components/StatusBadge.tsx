import { ticketStatusLabel, type TicketStatus } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import './StatusBadge.scss';

/** Colour by what the status asks of people: waiting (orange), moving (blue), done (green), stopped (grey/red). */
const TONES: Record<TicketStatus, 'wait' | 'work' | 'done' | 'stop' | 'alert'> = {
  submitted: 'wait',
  accepted: 'work',
  assigned: 'work',
  in_progress: 'work',
  paused: 'wait',
  resolved: 'done',
  closed: 'done',
  rejected: 'alert',
  appealed: 'alert',
  cancelled: 'stop',
};

/** The status of a ticket; a merged duplicate reads 已合并 (grey), not 已评价. */
export function StatusBadge({ status, duplicateOfId = null }: { status: TicketStatus; duplicateOfId?: number | null }) {
  const merged = status === 'closed' && duplicateOfId !== null;
  return (
    <View className={`badge badge--${merged ? 'stop' : TONES[status]}`} data-testid="ticket-status" data-status={status}>
      {ticketStatusLabel({ status, duplicateOfId })}
    </View>
  );
}
