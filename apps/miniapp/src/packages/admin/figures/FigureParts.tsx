import { FIGURE_DEFINITIONS, type FigureKey, type Figures, type FiguresRow } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Btn } from '../../../components/Btn';
import { cx } from '../../../components/cx';
import { StatusView } from '../../../components/StatusView';
import { zhFigures as t } from '../../../i18n/figures';
import { drillScope, figureText, HEADLINE_KEYS, shortLabel, TABLE_KEYS } from './figure-text';

/** The headline figures as cards; tapping one chooses it. */
export function Headline({
  figures,
  chosen,
  onChoose,
}: {
  figures: Figures;
  chosen: FigureKey;
  onChoose: (key: FigureKey) => void;
}) {
  return (
    <View className="fig-cards" data-testid="figure-cards">
      {HEADLINE_KEYS.map((key) => (
        <View
          key={key}
          className={cx('fig-card', key === chosen && 'fig-card--active')}
          data-testid={`figure-${key}`}
          onClick={() => onChoose(key)}
        >
          <View className="fig-card__label">{shortLabel(key)}</View>
          <View className="fig-card__value" data-testid={`figure-${key}-value`}>
            {figureText(key, figures)}
          </View>
        </View>
      ))}
    </View>
  );
}

/** The chosen figure: what it counts, and the tickets behind it. */
export function Definition({ figure, onTickets }: { figure: FigureKey; onTickets: (() => void) | null }) {
  const def = FIGURE_DEFINITIONS[figure];
  return (
    <View className="card fig-definition" data-testid="figure-definition">
      <View className="fig-definition__title">{`${t.definition}：${def.label}`}</View>
      <View className="fig-definition__text">{def.definition}</View>
      {onTickets ? (
        <Btn block kind="primary" testId="figure-show-tickets" onClick={onTickets}>
          {t.showTickets}
        </Btn>
      ) : (
        <View className="muted">{t.noTickets}</View>
      )}
    </View>
  );
}

/** Rows side by side: cards on a phone, a table from 768 px. Tapping a child opens its own dashboard. */
export function FigureTable({
  rows,
  onOpen,
  testId,
}: {
  rows: FiguresRow[];
  onOpen?: (row: FiguresRow) => void;
  testId: string;
}) {
  if (rows.length === 0) return <StatusView kind="empty" text={t.childrenEmpty} />;
  return (
    <View className="fig-table" data-testid={testId}>
      <View className="fig-table__head">
        <View className="fig-table__cell fig-table__cell--name">{t.name}</View>
        {TABLE_KEYS.map((key) => (
          <View key={key} className="fig-table__cell">
            {shortLabel(key)}
          </View>
        ))}
      </View>
      {rows.map((row) => {
        const drills = !!onOpen && drillScope(row.subject.type) !== null;
        return (
          <View
            key={`${row.subject.type}-${row.subject.id}`}
            className={cx('fig-table__row', drills && 'fig-table__row--link')}
            data-testid={`figure-child-${row.subject.type}-${row.subject.id}`}
            onClick={drills ? () => onOpen?.(row) : undefined}
          >
            <View className="fig-table__cell fig-table__cell--name">{row.subject.name}</View>
            {TABLE_KEYS.map((key) => (
              <View key={key} className="fig-table__cell">
                <View className="fig-table__label">{shortLabel(key)}</View>
                <View className="fig-table__value">{figureText(key, row.figures)}</View>
              </View>
            ))}
          </View>
        );
      })}
    </View>
  );
}
