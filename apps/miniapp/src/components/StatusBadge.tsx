import { TICKET_STATUS_LABELS, type TicketStatus } from '@doorstep/contracts';
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

export function StatusBadge({ status }: { status: TicketStatus }) {
  return (
    <View className={`badge badge--${TONES[status]}`} data-testid="ticket-status" data-status={status}>
      {TICKET_STATUS_LABELS[status]}
    </View>
  );
}
