import { TICKET_STATUS_LABELS, type SimilarTicketView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { formatTime } from '../format';
import { zh } from '../i18n/zh';
import { Btn } from './Btn';
import './SimilarTickets.scss';

interface Props {
  items: SimilarTicketView[];
  /** The ticket being followed right now, if any. */
  pendingId: number | null;
  onFollow: (id: number) => void;
}

/** 已有人反映: open tickets at the same place and category, each with 我也遇到 instead of a duplicate. */
export function SimilarTickets({ items, pendingId, onFollow }: Props) {
  if (items.length === 0) return null;
  return (
    <View className="card similar" data-testid="similar-tickets">
      <View className="similar__title">{zh.report.similarTitle}</View>
      <View className="similar__hint">{zh.report.similarHint}</View>
      {items.map((item) => (
        <View key={item.id} className="similar__item" data-testid="similar-item">
          <View className="similar__info">
            <View>
              {item.categoryName}
              {zh.common.separator}
              {item.placeLabel}
            </View>
            <View className="muted">
              {TICKET_STATUS_LABELS[item.status]}
              {zh.common.separator}
              {formatTime(item.createdAt)}
              {item.followerCount > 0 ? `${zh.common.separator}${zh.report.similarFollowers(item.followerCount)}` : ''}
            </View>
          </View>
          <Btn
            kind="ghost"
            size="small"
            disabled={pendingId !== null}
            testId={`me-too-${item.id}`}
            onClick={() => onFollow(item.id)}
          >
            {zh.report.meToo}
          </Btn>
        </View>
      ))}
    </View>
  );
}
