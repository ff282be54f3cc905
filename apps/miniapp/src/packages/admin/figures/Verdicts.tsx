import { useState } from 'react';
import '../../../components/RatingCard.scss';
import Taro from '@tarojs/taro';
import { ENDPOINTS, type ScoreRow } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { ReasonForm } from '../../../components/admin/ReasonForm';
import { Btn } from '../../../components/Btn';
import { Section } from '../../../components/Screen';
import { StatusView } from '../../../components/StatusView';
import { formatTime } from '../../../format';
import { useRemote } from '../../../hooks/useRemote';
import { useSubmit } from '../../../hooks/useSubmit';
import { zhFigures } from '../../../i18n/figures';
import { call, errorMessage, newIdempotencyKey } from '../../../services/request';
import { confirmOnce, toast } from '../../../services/toast';

const t = zhFigures.verdict;
const openList = (id: number) => void Taro.navigateTo({ url: `/packages/resident/score-list?id=${id}` });

function ScoreLine({ row }: { row: ScoreRow }) {
  return (
    <View className="card" data-testid="verdict-row" data-list={row.list ?? ''}>
      <View className="fig-head">
        <View>{t.row(row.rank, row.subject.name)}</View>
        {row.list ? <View className={`rating__tag rating__tag--${row.list}`}>{row.list === 'red' ? t.red : t.black}</View> : null}
      </View>
      <View>{t.score(row.score, row.stars)}</View>
      {row.vetoTickets > 0 ? <View className="muted">{t.veto(row.vetoTickets)}</View> : null}
      {row.deductions.length ? (
        <View className="muted">{t.lost(row.deductions.map((d) => `${d.label} -${d.points}`).join('，'))}</View>
      ) : null}
    </View>
  );
}

/**
 * The street's 红黑榜 of the month: the board as it stands, the versions published, and 发布 for a
 * finished month (again only with a reason, which the server asks for).
 */
export function StreetVerdict({ streetId, month, finished }: { streetId: number; month: string; finished: boolean }) {
  const board = useRemote(
    () => call(ENDPOINTS.streetScores, { params: { id: streetId }, query: { month } }),
    `${streetId}:${month}`,
  );
  const lists = useRemote(
    () => call(ENDPOINTS.listScoreLists, { params: { id: streetId }, query: { month } }),
    `${streetId}:${month}`,
  );
  const [asking, setAsking] = useState(false);
  const publish = useSubmit(async (reason?: string) => {
    if (!reason && !(await confirmOnce(t.confirmPublish(month)))) return;
    try {
      const list = await call(ENDPOINTS.publishScoreList, {
        params: { id: streetId },
        body: reason ? { month, reason } : { month },
        idempotencyKey: newIdempotencyKey(),
      });
      setAsking(false);
      toast(t.published, 'success');
      await lists.reload();
      openList(list.id);
    } catch (err) {
      toast(errorMessage(err));
    }
  });
  const published = lists.data ?? [];
  return (
    <Section title={t.street}>
      <View data-testid="street-verdict">
        {published.length ? (
          published.map((l) => (
            <View key={l.id} className="rating__row" data-testid="verdict-version" onClick={() => openList(l.id)} role="link">
              <View>{t.version(l.version, formatTime(l.publishedAt), l.publishedByName)}</View>
              <View className="rating__link">{t.open}</View>
            </View>
          ))
        ) : (
          <View className="muted">{t.noneYet}</View>
        )}
        {!finished ? <View className="muted">{t.notFinished}</View> : null}
        {finished && !asking ? (
          <Btn
            kind="primary"
            testId="verdict-publish"
            disabled={publish.pending || lists.loading}
            onClick={() => (published.length ? setAsking(true) : void publish.run())}
          >
            {publish.pending ? t.publishing : t.publish(month)}
          </Btn>
        ) : null}
        {asking ? (
          <ReasonForm
            title={t.republishTitle}
            label={t.reasonLabel}
            placeholder={t.reasonPlaceholder}
            action={t.publish(month)}
            pending={publish.pending}
            testId="verdict-republish"
            onSend={(reason) => void publish.run(reason)}
            onCancel={() => setAsking(false)}
          />
        ) : null}
        <View className="muted fig-hint">{t.preview}</View>
        {board.data ? (
          board.data.handlers.map((r) => <ScoreLine key={`${r.subject.type}${r.subject.id}`} row={r} />)
        ) : board.error ? (
          <StatusView kind="error" text={board.error} onRetry={() => void board.reload()} />
        ) : (
          <StatusView kind="loading" />
        )}
      </View>
    </Section>
  );
}

/** A company's own rows of what the streets published: its stars, its place and why it lost points. */
export function CompanyVerdict({ companyId, month }: { companyId: number; month: string }) {
  const score = useRemote(
    () => call(ENDPOINTS.companyScore, { params: { id: companyId }, query: { month } }),
    `${companyId}:${month}`,
  );
  return (
    <Section title={t.company}>
      <View data-testid="company-verdict">
        {score.error ? <StatusView kind="error" text={score.error} onRetry={() => void score.reload()} /> : null}
        {score.data && !score.data.rows.length ? <View className="muted">{t.companyEmpty}</View> : null}
        {score.data?.rows.map(({ list, row }) => (
          <View key={list.id} onClick={() => openList(list.id)}>
            <View className="muted">{t.version(list.version, formatTime(list.publishedAt), list.publishedByName)}</View>
            <View className="muted">{t.rank(row.rank)}</View>
            <ScoreLine row={row} />
          </View>
        ))}
        {!score.data && !score.error ? <StatusView kind="loading" /> : null}
      </View>
    </Section>
  );
}
