import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { CARE_TAG_LABELS, CARE_TAGS, ENDPOINTS, type CareTag, type GridHouseholdView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { PagedRecords } from '../../components/admin/RecordTable';
import { SearchBar } from '../../components/admin/SearchBar';
import { cx } from '../../components/cx';
import { Screen } from '../../components/Screen';
import { formatTime } from '../../format';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { usePagedList } from '../../hooks/usePagedList';
import { useReloadOnReturn } from '../../hooks/useReloadOnReturn';
import { useSession } from '../../hooks/useSession';
import { zhGrid } from '../../i18n/grid';
import { call } from '../../services/request';
import { CareTags } from './CareTags';
import { QueueBanner } from './QueueBanner';
import { householdLabel, targetOf, visitUrl } from './visit-record';
import './grid.scss';

const t = zhGrid.households;

/**
 * 我的住户: the households of the worker's grids, searchable by building/room, filtered by care tag,
 * overdue ones only (most overdue first). Opened from 记录走访 (?pick=1), a tap goes straight to the
 * visit form. Opened by 扫码走访 (?buildingId or ?compoundId, &where), only that building's or
 * compound's households, until the worker asks for all.
 */
export default function GridHouseholdsPage() {
  const session = useSession();
  const params = usePageParams();
  const picking = intParam(params.pick) === 1;
  const [scope, setScope] = useState(() => {
    const buildingId = intParam(params.buildingId) ?? undefined;
    const compoundId = buildingId ? undefined : (intParam(params.compoundId) ?? undefined);
    return buildingId || compoundId ? { buildingId, compoundId, where: decodeURIComponent(params.where ?? '') } : null;
  });
  const [q, setQ] = useState('');
  const [careTag, setCareTag] = useState<CareTag | undefined>();
  const [overdue, setOverdue] = useState(false);
  const list = usePagedList(
    (cursor) =>
      call(ENDPOINTS.listGridHouseholds, {
        query: {
          q: q || undefined,
          careTag,
          overdue: overdue || undefined,
          buildingId: scope?.buildingId,
          compoundId: scope?.compoundId,
          cursor,
          limit: 20,
        },
      }),
    `${session.user?.id}:${q}:${careTag}:${overdue}:${scope?.buildingId}:${scope?.compoundId}`,
    session.signedIn,
  );
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());
  useReloadOnReturn(list.reload);

  const open = (h: GridHouseholdView) => {
    void Taro.navigateTo({ url: picking ? visitUrl(targetOf(h)) : `/packages/grid/household?id=${h.id}` });
  };

  return (
    <Screen offlineText={zhGrid.offline}>
      <QueueBanner />
      {picking ? <View className="grid-title">{t.pickHint}</View> : null}
      {scope ? (
        <View className="grid-title grid-title--scoped" data-testid="grid-households-scope">
          {t.scoped(scope.where)}
          <View className="chip" data-testid="grid-households-all" onClick={() => setScope(null)}>
            {t.showAll}
          </View>
        </View>
      ) : null}
      <SearchBar placeholder={t.searchPlaceholder} onSearch={setQ} testId="grid-search">
        <View className={cx('chip', overdue && 'chip--active')} data-testid="grid-overdue" onClick={() => setOverdue((v) => !v)}>
          {t.overdueFirst}
        </View>
      </SearchBar>
      <Choices
        items={CARE_TAGS.map((tag) => ({ key: tag, label: CARE_TAG_LABELS[tag] }))}
        value={careTag}
        onChange={setCareTag}
        testId="grid-tag"
        all={{ label: t.allTags, onClear: () => setCareTag(undefined) }}
      />
      <View data-testid="grid-households">
        <PagedRecords
          list={list}
          testId="grid-household"
          empty={t.empty}
          rowKey={(h) => h.id}
          onOpen={open}
          columns={[
            { key: 'home', title: t.home, primary: true, render: householdLabel },
            { key: 'owner', title: t.owner, render: (h) => h.ownerName ?? '—' },
            { key: 'tags', title: t.tags, render: (h) => <CareTags tags={h.careTags} none="—" /> },
            { key: 'last', title: t.lastVisit, render: (h) => (h.lastVisitAt ? formatTime(h.lastVisitAt) : t.never) },
            {
              key: 'due',
              title: t.nextDue,
              render: (h) =>
                h.overdueDays > 0 ? (
                  <View className="grid-overdue">{t.overdueDays(h.overdueDays)}</View>
                ) : (
                  formatTime(h.nextDueAt)
                ),
            },
          ]}
        />
      </View>
    </Screen>
  );
}
