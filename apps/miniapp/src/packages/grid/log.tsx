import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import {
  ENDPOINTS,
  GRID_LOG_DATE_PATTERN,
  VISIT_KIND_LABELS,
  VISIT_OUTCOME_LABELS,
  type GridLogDayView,
} from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Field } from '../../components/admin/Field';
import { Btn } from '../../components/Btn';
import { Screen, Section } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { shanghaiDate } from '../../format';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { useSubmit } from '../../hooks/useSubmit';
import { zhGrid } from '../../i18n/grid';
import { deliverFile, fileUrl } from '../../services/files';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';
import { QueueBanner } from './QueueBanner';
import './grid.scss';

const t = zhGrid.log;
const DAY_MS = 86_400_000;
/** The Shanghai day `days` before or after `date` (noon keeps clear of any edge). */
const shift = (date: string, days: number) => shanghaiDate(Date.parse(`${date}T12:00:00+08:00`) + days * DAY_MS);

/** Counts of a record by its keys, as "label n" pairs, leaving out the zeros. */
function counts<K extends string>(record: Record<K, number>, labels: Record<K, string>): string {
  const parts = (Object.keys(labels) as K[]).filter((k) => record[k] > 0).map((k) => `${labels[k]} ${record[k]}`);
  return parts.join('、') || '—';
}

function DaySummary({ day }: { day: GridLogDayView }) {
  if (!day.visits) return <StatusView kind="empty" text={t.noVisits} />;
  return (
    <View className="card grid-log" data-testid="grid-log-day">
      <View className="section__title">{t.visits(day.visits)}</View>
      {day.firstVisitTime && day.lastVisitTime && day.spanMinutes !== null ? (
        <View>{t.span(day.firstVisitTime, day.lastVisitTime, day.spanMinutes)}</View>
      ) : null}
      <View className="grid-log__row">{`${t.byKind}：${counts(day.byKind, VISIT_KIND_LABELS)}`}</View>
      <View className="grid-log__row">{`${t.byOutcome}：${counts(day.byOutcome, VISIT_OUTCOME_LABELS)}`}</View>
      <View className="grid-log__row">{t.requests(day.requests)}</View>
      <View className="grid-log__row">{t.tickets(day.ticketsFiled)}</View>
      <View className="grid-log__row">{t.followUps(day.followUps, day.satisfiedFollowUps)}</View>
    </View>
  );
}

/** 工作日志: what the grid worker did on a day (visits by type and outcome, 诉求, tickets, hours), and the export. */
export default function GridLogPage() {
  const session = useSession();
  const [date, setDate] = useState(() => shanghaiDate());
  const valid = GRID_LOG_DATE_PATTERN.test(date);
  const day = useRemote(
    () => call(ENDPOINTS.gridLog, { query: { date } }),
    `${session.user?.id}:${date}`,
    session.signedIn && valid,
  );
  usePullDownRefresh(() => void day.reload().finally(() => Taro.stopPullDownRefresh()));

  const exportDays = useSubmit(async () => {
    const to = shanghaiDate();
    try {
      await deliverFile(fileUrl(ENDPOINTS.gridLogExport, undefined, { from: shift(to, -29), to }), 'xlsx', `工作日志-${to}.xlsx`);
      toast(t.exported, 'success');
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  return (
    <Screen offlineText={zhGrid.offline}>
      <QueueBanner />
      <Section title={t.title}>
        <Field label={t.date} value={date} onChange={setDate} testId="grid-log-date" problem={valid ? null : t.badDate} />
        <View className="admin-toolbar">
          <Btn testId="grid-log-prev" disabled={!valid} onClick={() => setDate(shift(date, -1))}>
            {t.prevDay}
          </Btn>
          {valid && date < shanghaiDate() ? (
            <Btn testId="grid-log-next" onClick={() => setDate(shift(date, 1))}>
              {t.nextDay}
            </Btn>
          ) : null}
        </View>
      </Section>
      {day.data ? (
        <DaySummary day={day.data} />
      ) : day.error ? (
        <StatusView kind="error" text={day.error} onRetry={() => void day.reload()} />
      ) : (
        <StatusView kind="loading" />
      )}
      <Btn block disabled={exportDays.pending} testId="grid-log-export" onClick={() => void exportDays.run()}>
        {t.export}
      </Btn>
    </Screen>
  );
}
