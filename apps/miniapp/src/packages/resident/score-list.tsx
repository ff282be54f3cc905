import type { ScoreListView, ScoreRow } from '@doorstep/contracts';
import { FIGURE_DEFINITIONS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Screen } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { zh } from '../../i18n/zh';
import { getScoreList } from '../../services/rating';
import '../../components/RatingCard.scss';

const percent = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`);

/** One place on the list: who, the score, the figures behind it and where the points went. */
function Place({ row }: { row: ScoreRow }) {
  const f = row.figures;
  return (
    <View className="card" data-testid="score-row">
      <View className="rating__head">
        <View>{row.subject.name}</View>
        {row.score !== null ? <View>{zh.rating.score(row.score)}</View> : null}
      </View>
      {row.stars !== null ? <View className="rating__stars">{zh.rating.stars(row.stars)}</View> : null}
      {row.vetoTickets > 0 ? <View className="rating__tag rating__tag--black">{zh.rating.veto(row.vetoTickets)}</View> : null}
      <View className="muted">
        {FIGURE_DEFINITIONS.onTimeAcceptBp.label} {percent(f.onTimeAcceptBp)}
        {zh.common.separator}
        {FIGURE_DEFINITIONS.resolutionBp.label} {percent(f.resolutionBp)}
        {zh.common.separator}
        {FIGURE_DEFINITIONS.satisfiedBp.label} {percent(f.satisfiedBp)}
      </View>
      {row.deductions.length ? (
        <View className="muted">
          {zh.rating.lostPoints}：{row.deductions.map((d) => `${d.label} ${zh.rating.points(d.points)}`).join('，')}
        </View>
      ) : null}
    </View>
  );
}

function ListBody({ list }: { list: ScoreListView }) {
  return (
    <View data-testid="score-list">
      <View className="card">
        <View className="rating__head">
          <View>{list.streetName}</View>
          <View className="muted">{zh.rating.published(list.month)}</View>
        </View>
        {list.version > 1 ? <View className="muted">{zh.rating.version(list.version, list.reason)}</View> : null}
        {list.superseded ? <View className="muted">{zh.rating.superseded}</View> : null}
      </View>
      <View className="section__title">{zh.rating.red}</View>
      {list.red.length ? (
        list.red.map((r) => <Place key={`${r.subject.type}${r.subject.id}`} row={r} />)
      ) : (
        <View className="card muted">{zh.rating.redEmpty}</View>
      )}
      <View className="section__title">{zh.rating.black}</View>
      {list.black.length ? (
        list.black.map((r) => <Place key={`${r.subject.type}${r.subject.id}`} row={r} />)
      ) : (
        <View className="card muted">{zh.rating.blackEmpty}</View>
      )}
      <View className="section__title">{zh.rating.compounds}</View>
      <View className="card">
        {list.compounds.map((c) => (
          <View key={c.subject.id} className="rating__row">
            <View>{c.subject.name}</View>
            <View className={c.grade ? '' : 'muted'}>{c.grade ?? zh.rating.noGrade}</View>
          </View>
        ))}
      </View>
    </View>
  );
}

/** 红黑榜 as the street published it: public, like the board it is reached from. */
export default function ScoreListPage() {
  const id = intParam(usePageParams().id);
  const list = useRemote(() => getScoreList(id!), id, id !== null);
  let body;
  if (id === null) body = <StatusView kind="error" text={zh.errors.badLink} />;
  else if (list.data) body = <ListBody list={list.data} />;
  else if (list.error) body = <StatusView kind="error" text={list.error} onRetry={() => void list.reload()} />;
  else body = <StatusView kind="loading" />;
  return <Screen>{body}</Screen>;
}
