import type { BoardView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { formatTime } from '../format';
import { zh } from '../i18n/zh';
import { StatusBadge } from './StatusBadge';
import './BoardCard.scss';

/** 小区公示: this month's numbers and recent tickets, with no names or descriptions. */
export function BoardCard({ board }: { board: BoardView }) {
  const stats = [
    { label: zh.board.open, value: String(board.openCount) },
    { label: zh.board.reported, value: String(board.reportedThisMonth) },
    { label: zh.board.resolved, value: String(board.resolvedThisMonth) },
    {
      label: zh.board.medianAccept,
      value: board.medianAcceptMinutes === null ? zh.board.none : zh.board.minutes(board.medianAcceptMinutes),
    },
    {
      label: zh.board.medianResolve,
      value: board.medianResolveHours === null ? zh.board.none : zh.board.hours(board.medianResolveHours),
    },
  ];
  return (
    <View data-testid="board">
      <View className="card">
        <View className="board__title">{board.compoundName}</View>
        <View className="muted">{zh.board.month(board.month)}</View>
        <View className="board__stats">
          {stats.map((s) => (
            <View key={s.label} className="board__stat">
              <View className="board__value">{s.value}</View>
              <View className="muted">{s.label}</View>
            </View>
          ))}
        </View>
      </View>
      <View className="section__title">{zh.board.recent}</View>
      {board.recent.length === 0 ? <View className="card muted">{zh.board.recentEmpty}</View> : null}
      {board.recent.map((r) => (
        <View key={r.id} className="card board__item" data-testid="board-item" data-ticket-id={r.id}>
          <View>
            <View>{r.categoryName}</View>
            <View className="muted">
              {r.placeLabel}
              {zh.common.separator}
              {formatTime(r.createdAt)}
            </View>
          </View>
          <StatusBadge status={r.status} duplicateOfId={r.duplicateOfId ?? null} />
        </View>
      ))}
    </View>
  );
}
