import { ticketStatusLabel, type SimilarTicketView } from '@doorstep/contracts';
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

/**
 * 已有人反映: open tickets at the same place and category, each with 我也遇到 instead of a duplicate.
 * Each ticket's text takes the card's whole width and 我也遇到 sits below it: beside it, on a 320 px
 * phone in 长辈模式, the text column was squeezed to one character per line.
 */
export function SimilarTickets({ items, pendingId, onFollow }: Props) {
  if (items.length === 0) return null;
  return (
    <View className="card similar" data-testid="similar-tickets">
      <View className="similar__title">{zh.report.similarTitle}</View>
      <View className="similar__hint">{zh.report.similarHint}</View>
      {items.map((item) => (
        <View key={item.id} className="similar__item" data-testid="similar-item">
          <View className="similar__info" data-testid="similar-info">
            <View className="similar__what">
              {item.categoryName}
              {zh.common.separator}
              {item.placeLabel}
            </View>
            {item.descriptionSnippet ? (
              <View className="similar__summary" data-testid="similar-summary">
                {zh.report.similarSummary(item.descriptionSnippet)}
              </View>
            ) : null}
            <View className="muted">
              {ticketStatusLabel(item)}
              {zh.common.separator}
              {formatTime(item.createdAt)}
              {item.followerCount > 0 ? `${zh.common.separator}${zh.report.similarFollowers(item.followerCount)}` : ''}
            </View>
          </View>
          <Btn
            kind="ghost"
            block
            className="similar__follow"
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
