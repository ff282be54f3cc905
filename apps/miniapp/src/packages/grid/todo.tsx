import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { ENDPOINTS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { Screen, Section } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { formatTime } from '../../format';
import { useReloadOnReturn } from '../../hooks/useReloadOnReturn';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { useVisitQueue } from '../../hooks/useVisitQueue';
import { zhGrid } from '../../i18n/grid';
import { call } from '../../services/request';
import { CareTags } from './CareTags';
import { QueueBanner } from './QueueBanner';
import { targetOf, visitUrl } from './visit-record';
import './grid.scss';

const t = zhGrid.todo;

/**
 * 待办: care visits past due (most overdue first) and finished tickets of the grid's households to 回访
 * (closed after the work was done, not yet followed up: the ticket machine's condition).
 * A 回访 already waiting in the queue is not offered again.
 */
export default function GridTodoPage() {
  const session = useSession();
  const queue = useVisitQueue();
  const todo = useRemote(() => call(ENDPOINTS.gridTodo), session.user?.id, session.signedIn);
  usePullDownRefresh(() => void todo.reload().finally(() => Taro.stopPullDownRefresh()));
  useReloadOnReturn(todo.reload);

  if (!todo.data) {
    return (
      <Screen offlineText={zhGrid.offline}>
        <QueueBanner />
        {todo.loading ? (
          <StatusView kind="loading" />
        ) : (
          <StatusView kind="error" text={todo.error} onRetry={() => void todo.reload()} />
        )}
      </Screen>
    );
  }
  const queuedFollowUps = new Set(queue.items.map((r) => r.visit.followUp?.ticketId));
  const followUps = todo.data.followUps.filter((f) => !queuedFollowUps.has(f.ticketId));
  return (
    <Screen offlineText={zhGrid.offline}>
      <QueueBanner />
      <Section title={t.overdue}>
        <View className="card" data-testid="todo-overdue">
          {todo.data.overdue.length === 0 ? <View className="muted">{t.noOverdue}</View> : null}
          {todo.data.overdue.map((h) => {
            const target = targetOf(h);
            return (
              <View key={h.id} className="grid-row" data-testid={`todo-overdue-${h.id}`}>
                <View>{target.label}</View>
                <View className="grid-overdue">{zhGrid.households.overdueDays(h.overdueDays)}</View>
                <CareTags tags={h.careTags} />
                <Btn size="small" testId="todo-visit" onClick={() => void Taro.navigateTo({ url: visitUrl(target) })}>
                  {t.visit}
                </Btn>
              </View>
            );
          })}
        </View>
      </Section>
      <Section title={t.followUps}>
        <View className="card" data-testid="todo-follow-ups">
          {followUps.length === 0 ? <View className="muted">{t.noFollowUps}</View> : null}
          {followUps.map((f) => (
            <View key={f.ticketId} className="grid-row" data-testid={`todo-follow-up-${f.ticketId}`}>
              <View>{`${f.ticketNo} · ${f.categoryName}`}</View>
              <View>{f.householdLabel}</View>
              <View className="muted">{t.resolvedAt(formatTime(f.resolvedAt))}</View>
              <Btn
                size="small"
                testId="todo-follow-up"
                onClick={() =>
                  void Taro.navigateTo({
                    url: visitUrl(
                      { householdId: f.householdId, compoundId: 0, label: f.householdLabel, care: false },
                      { ticketId: f.ticketId, ticketNo: f.ticketNo },
                    ),
                  })
                }
              >
                {t.followUp}
              </Btn>
            </View>
          ))}
        </View>
      </Section>
    </Screen>
  );
}
