import { MERGED_STATUS_LABEL, TICKET_ACTION_LABELS, TICKET_STATUS_LABELS, type TicketEventView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { formatTime } from '../format';
import { zh } from '../i18n/zh';
import { cx } from './cx';
import './Timeline.scss';

interface Props {
  events: TicketEventView[];
  /** The ticket a merged duplicate joined: its 合并 note (与工单 #N 重复) opens it. */
  mergedInto?: { id: number; open: (id: number) => void } | null;
}

/**
 * The ticket's story in order — 提交 → 受理 → 派单 → 开始处理 → 办结 → 评价 — each step with who did
 * it, when, the status it led to, and its note. Internal comments are marked (staff only see them).
 */
export function Timeline({ events, mergedInto = null }: Props) {
  if (events.length === 0) return <View className="muted">{zh.ticket.noEvents}</View>;
  return (
    <View className="timeline" data-testid="timeline">
      {events.map((event, index) => (
        <View
          key={event.id}
          className={cx('timeline__item', index === events.length - 1 && 'timeline__item--last')}
          data-testid="timeline-item"
          data-action={event.action}
        >
          <View className="timeline__dot" />
          <View className="timeline__body">
            <View className="timeline__head">
              <View className="timeline__action" data-testid="timeline-action">
                {TICKET_ACTION_LABELS[event.action]}
              </View>
              {event.toStatus && event.toStatus !== event.fromStatus ? (
                <View className="timeline__status" data-testid="timeline-status">
                  {event.action === 'merge' ? MERGED_STATUS_LABEL : TICKET_STATUS_LABELS[event.toStatus]}
                </View>
              ) : null}
              {event.internal ? <View className="timeline__internal">{zh.ticket.internal}</View> : null}
            </View>
            <View className="timeline__actor muted">
              <View className="timeline__actor-name" data-testid="timeline-actor">
                {event.actorName}
              </View>
              <View>{formatTime(event.createdAt)}</View>
            </View>
            {event.note && event.action === 'merge' && mergedInto ? (
              <View
                className="timeline__note link-row"
                role="link"
                data-testid="timeline-merged-into"
                onClick={() => mergedInto.open(mergedInto.id)}
              >
                {event.note}
                <View>›</View>
              </View>
            ) : event.note ? (
              <View className="timeline__note">{event.note}</View>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}
