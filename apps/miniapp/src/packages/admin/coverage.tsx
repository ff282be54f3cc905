import { useState } from 'react';
import { ENDPOINTS, PERIOD_PATTERN, type CoverageFigures } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { AdminPage } from '../../components/admin/AdminPage';
import { Choices } from '../../components/admin/Choices';
import { Field, FieldFrame } from '../../components/admin/Field';
import { RecordTable } from '../../components/admin/RecordTable';
import { StatusView } from '../../components/StatusView';
import { shanghaiDate } from '../../format';
import { useRemote } from '../../hooks/useRemote';
import { zhAdmin } from '../../i18n/admin';
import { allPages } from '../../services/admin';
import { call } from '../../services/request';

const t = zhAdmin.coverage;

type Row = CoverageFigures & { key: string; name: string };

/** 走访覆盖: a community's grids side by side for a month — households visited, care households on schedule, 回访满意率. */
export default function CoveragePage() {
  const communities = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listCommunities, { query: { cursor, limit: 100 } })),
    'communities',
    true,
  );
  const [chosen, setChosen] = useState<number | null>(null);
  const [period, setPeriod] = useState(() => shanghaiDate().slice(0, 7));
  const list = communities.data ?? [];
  const communityId = chosen ?? list[0]?.id ?? 0;
  const valid = PERIOD_PATTERN.test(period);
  const coverage = useRemote(
    () => call(ENDPOINTS.coverageOfCommunity, { params: { id: communityId }, query: { period } }),
    `${communityId}:${period}`,
    communityId > 0 && valid,
  );

  const rows: Row[] = coverage.data
    ? [
        ...coverage.data.grids.map((g) => ({ ...g, key: `grid-${g.gridId}`, name: g.gridName })),
        { ...coverage.data.total, key: 'total', name: t.total },
      ]
    : [];

  return (
    <AdminPage testId="coverage-page">
      {list.length > 1 ? (
        <FieldFrame label={t.community}>
          <Choices
            items={list.map((c) => ({ key: c.id, label: c.name }))}
            value={communityId}
            onChange={setChosen}
            testId="coverage-community"
          />
        </FieldFrame>
      ) : null}
      <Field label={t.period} value={period} onChange={setPeriod} testId="coverage-period" problem={valid ? null : t.badPeriod} />
      {coverage.error ? <StatusView kind="error" text={coverage.error} onRetry={() => void coverage.reload()} /> : null}
      {coverage.data ? (
        <View data-testid="coverage">
          <RecordTable
            rows={coverage.data.grids.length ? rows : []}
            testId="coverage"
            empty={t.empty}
            rowKey={(r) => r.key}
            columns={[
              { key: 'grid', title: t.grid, primary: true, render: (r) => r.name },
              { key: 'visited', title: t.visited, render: (r) => t.ratio(r.visitedHouseholds, r.households, r.visitRateBp) },
              {
                key: 'care',
                title: t.onSchedule,
                render: (r) => t.ratio(r.onScheduleCareHouseholds, r.careHouseholds, r.onScheduleRateBp),
              },
              {
                key: 'satisfied',
                title: t.satisfaction,
                render: (r) => t.ratio(r.satisfiedFollowUps, r.followUps, r.satisfactionRateBp),
              },
            ]}
          />
        </View>
      ) : !coverage.error ? (
        <StatusView kind="loading" />
      ) : null}
    </AdminPage>
  );
}
