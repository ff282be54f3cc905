import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { ENDPOINTS, type FigureKey, type FiguresView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { AdminPage } from '../../components/admin/AdminPage';
import { Choices } from '../../components/admin/Choices';
import { Btn } from '../../components/Btn';
import { Section } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { formatTime, shanghaiDate } from '../../format';
import { useMe } from '../../hooks/useMe';
import { usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { useSession } from '../../hooks/useSession';
import { useSubmit } from '../../hooks/useSubmit';
import { zhFigures } from '../../i18n/figures';
import { deliverFile, fileUrl, type FileKind } from '../../services/files';
import { allPages } from '../../services/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';
import { barChartHeight, drawBarChart, drawLineChart, LINE_CHART_PX, type ChartPoint } from './figures/chart-draw';
import { FigureChart } from './figures/FigureChart';
import { Definition, FigureTable, Headline } from './figures/FigureParts';
import { CompanyVerdict, StreetVerdict } from './figures/Verdicts';
import {
  chartLabel,
  chartValue,
  defaultScope,
  drillScope,
  figureTicketsUrl,
  figuresUrl,
  monthLabel,
  scopeFromParams,
  shiftMonth,
  shortLabel,
  ticketFilterOf,
  validMonth,
  type ScopeRef,
} from './figures/figure-text';
import './figures/figures.scss';

const t = zhFigures;

function Charts({ view, figure }: { view: FiguresView; figure: FigureKey }) {
  const label = shortLabel(figure);
  const trend: ChartPoint[] = view.trend.map((m) => {
    const value = chartValue(figure, m.figures);
    return { label: monthLabel(m.month), value, text: chartLabel(figure, value) };
  });
  const bars: ChartPoint[] = view.handlers.map((h) => {
    const value = chartValue(figure, h.figures);
    return { label: h.subject.name, value, text: chartLabel(figure, value) };
  });
  return (
    <View>
      <Section title={t.trend(label)}>
        <FigureChart
          id="figure-trend"
          testId="figure-trend"
          height={LINE_CHART_PX}
          label={trend.map((p) => `${p.label} ${p.text}`).join('，')}
          signature={`${figure}|${trend.map((p) => `${p.label}:${p.text}`).join(',')}`}
          draw={(ctx, w, h) => drawLineChart(ctx, w, h, trend)}
        />
      </Section>
      {bars.length > 0 ? (
        <Section title={t.handlers(label)}>
          <FigureChart
            id="figure-handlers"
            testId="figure-handlers"
            height={barChartHeight(bars.length)}
            label={bars.map((p) => `${p.label} ${p.text}`).join('，')}
            signature={`${figure}|${bars.map((p) => `${p.label}:${p.text}`).join(',')}`}
            draw={(ctx, w, h) => drawBarChart(ctx, w, h, bars)}
          />
          <View className="fig-table-gap" />
          <FigureTable rows={view.handlers} testId="figure-handler-rows" />
        </Section>
      ) : null}
    </View>
  );
}

/**
 * 考核: a street's, community's, company's or compound's figures of a month — cards of the headline
 * figures (tap one for its definition, its trend, the handlers side by side and the tickets behind
 * it), the units below it to drill into, and the month as XLSX or CSV. Opens on the caller's own scope.
 */
export default function FiguresPage() {
  const params = usePageParams();
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const current = shanghaiDate().slice(0, 7);
  const given = scopeFromParams(params);
  const own = given ? null : defaultScope(me.data, session.role);
  // The platform oversees every street: it picks one (the first until it does).
  const picksStreet = !given && !own && (me.data?.roles ?? []).some((r) => r.role === 'platform_admin');
  // Who publishes the 红黑榜 (score.publish): the street and the platform.
  const canPublish = (me.data?.roles ?? []).some((r) => r.role === 'street_admin' || r.role === 'platform_admin');
  const streets = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listStreets, { query: { cursor, limit: 100 } })),
    'streets',
    picksStreet,
  );
  const [pickedStreet, setPickedStreet] = useState<number | null>(null);
  const streetId = pickedStreet ?? streets.data?.[0]?.id ?? null;
  const ref: ScopeRef | null = given ?? own ?? (picksStreet && streetId ? { scope: 'street', id: streetId } : null);
  const [month, setMonth] = useState(() => (validMonth(params.month, current) ? params.month : current));
  const [chosen, setChosen] = useState<FigureKey>('onTimeAcceptBp');
  const view = useRemote(
    () => call(ENDPOINTS.figures, { query: { scope: ref!.scope, id: ref!.id, month } }),
    `${ref?.scope}:${ref?.id}:${month}`,
    ref !== null,
  );
  usePullDownRefresh(() => void view.reload().finally(() => Taro.stopPullDownRefresh()));

  const exportFile = useSubmit(async (kind: Extract<FileKind, 'xlsx' | 'csv'>) => {
    if (!ref || !view.data) return;
    const endpoint = kind === 'xlsx' ? ENDPOINTS.figuresXlsx : ENDPOINTS.figuresCsv;
    try {
      const how = await deliverFile(
        fileUrl(endpoint, undefined, { scope: ref.scope, id: ref.id, month }),
        kind,
        `考核指标-${view.data.subject.name}-${month}.${kind}`,
      );
      if (how !== 'shared') toast(t.exported, 'success');
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  if (!ref) {
    return (
      <AdminPage testId="figures-page">
        {me.error ? (
          <StatusView kind="error" text={me.error} onRetry={() => void me.reload()} />
        ) : streets.error ? (
          <StatusView kind="error" text={streets.error} onRetry={() => void streets.reload()} />
        ) : me.data && !(picksStreet && streets.loading) ? (
          <StatusView kind="empty" text={t.noScope} />
        ) : (
          <StatusView kind="loading" />
        )}
      </AdminPage>
    );
  }

  const data = view.data;
  const filter = ticketFilterOf(chosen);
  const childTitle = t.children[ref.scope];
  return (
    <AdminPage testId="figures-page">
      {picksStreet && (streets.data?.length ?? 0) > 1 ? (
        <Choices
          items={(streets.data ?? []).map((street) => ({ key: street.id, label: street.name }))}
          value={streetId}
          onChange={setPickedStreet}
          testId="figures-street"
        />
      ) : null}
      <View className="fig-head">
        <View className="fig-head__title" data-testid="figures-subject">
          {data ? `${data.subject.name}（${t.scopeNames[data.subject.type]}）` : t.title}
        </View>
        <View className="fig-month">
          <Btn size="small" testId="figures-prev" onClick={() => setMonth(shiftMonth(month, -1))}>
            {t.prevMonth}
          </Btn>
          <View className="fig-month__value" data-testid="figures-month" data-month={month}>
            {t.monthText(month)}
          </View>
          {month < current ? (
            <Btn size="small" testId="figures-next" onClick={() => setMonth(shiftMonth(month, 1))}>
              {t.nextMonth}
            </Btn>
          ) : null}
        </View>
      </View>
      {view.error ? <StatusView kind="error" text={view.error} onRetry={() => void view.reload()} /> : null}
      {data && data.month === month ? (
        <View data-testid="figures">
          <Section title={t.headline}>
            <View className="muted fig-hint">{t.tapHint}</View>
            <Headline figures={data.figures} chosen={chosen} onChoose={setChosen} />
          </Section>
          <Definition
            figure={chosen}
            onTickets={
              filter ? () => void Taro.navigateTo({ url: figureTicketsUrl(ref, month, chosen, filter, data.subject.name) }) : null
            }
          />
          <Charts view={data} figure={chosen} />
          {childTitle ? (
            <Section title={childTitle}>
              <FigureTable
                testId="figure-children"
                rows={data.children}
                onOpen={(row) => {
                  const scope = drillScope(row.subject.type);
                  if (scope) void Taro.navigateTo({ url: figuresUrl({ scope, id: row.subject.id }, month) });
                }}
              />
            </Section>
          ) : null}
          {ref.scope === 'street' && canPublish ? (
            <StreetVerdict streetId={ref.id} month={month} finished={month < current} />
          ) : null}
          {ref.scope === 'company' ? <CompanyVerdict companyId={ref.id} month={month} /> : null}
          <View className="admin-toolbar fig-exports">
            <Btn testId="figures-export-xlsx" disabled={exportFile.pending} onClick={() => void exportFile.run('xlsx')}>
              {exportFile.pending ? t.exporting : t.exportXlsx}
            </Btn>
            <Btn testId="figures-export-csv" disabled={exportFile.pending} onClick={() => void exportFile.run('csv')}>
              {t.exportCsv}
            </Btn>
          </View>
          <View className="muted fig-hint">{t.computedAt(formatTime(data.computedAt))}</View>
        </View>
      ) : !view.error ? (
        <StatusView kind="loading" />
      ) : null}
    </AdminPage>
  );
}
