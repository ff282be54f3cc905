import { useState } from 'react';
import { ENDPOINTS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { PagedRecords, RecordTable } from '../../components/admin/RecordTable';
import { StatusView } from '../../components/StatusView';
import { fenText, formatTime, shanghaiDate } from '../../format';
import { usePagedList } from '../../hooks/usePagedList';
import { useRemote } from '../../hooks/useRemote';
import { zhAdmin } from '../../i18n/admin';
import { call } from '../../services/request';
import { ReminderCard } from './ReminderCard';

const t = zhAdmin.billing;

/** 欠费 by building and household, oldest first, this month's 收缴率 by amount and by household, and 催缴. */
export function ArrearsTab({ compoundId }: { compoundId: number }) {
  const [period] = useState(shanghaiDate().slice(0, 7));
  const arrears = useRemote(() => call(ENDPOINTS.arrears, { params: { id: compoundId } }), compoundId, compoundId > 0);
  const rate = useRemote(
    () => call(ENDPOINTS.collectionRate, { params: { id: compoundId }, query: { period } }),
    `${compoundId}:${period}`,
    compoundId > 0,
  );
  const households = usePagedList(
    (cursor) => call(ENDPOINTS.arrearsHouseholds, { params: { id: compoundId }, query: { cursor, limit: 20 } }),
    compoundId,
    compoundId > 0,
  );

  const failed = arrears.error ?? rate.error;
  if (failed)
    return <StatusView kind="error" text={failed} onRetry={() => void Promise.all([arrears.reload(), rate.reload()])} />;
  if (!arrears.data || !rate.data) return <StatusView kind="loading" />;
  const { total } = arrears.data;
  return (
    <View data-testid="arrears">
      <View className="card">
        <View className="section__title">{t.collection(rate.data.period)}</View>
        <View data-testid="collection-rate">
          {t.byAmount} {t.rate(rate.data.amountRateBp)}（{fenText(rate.data.collectedFen)} / {fenText(rate.data.dueFen)}）
        </View>
        <View>
          {t.byHousehold} {t.rate(rate.data.householdRateBp)}（{rate.data.paidHouseholds} / {rate.data.dueHouseholds}）
        </View>
      </View>
      <View className="card">
        <View className="section__title" data-testid="arrears-total">
          {total.households ? t.arrearsTotal(fenText(total.owedFen), total.households) : t.noArrears}
        </View>
        {total.oldestPeriod && total.oldestDays !== null ? (
          <View className="muted">{t.oldest(total.oldestPeriod, total.oldestDays)}</View>
        ) : null}
      </View>
      <ReminderCard compoundId={compoundId} />
      <View className="section__title">{t.perBuilding}</View>
      <RecordTable
        rows={arrears.data.buildings}
        rowKey={(b) => b.buildingId}
        empty={t.noArrears}
        columns={[
          { key: 'b', title: zhAdmin.households.building, primary: true, render: (b) => b.buildingName },
          { key: 'owed', title: t.owed, render: (b) => t.yuan(fenText(b.owedFen)) },
          { key: 'h', title: zhAdmin.households.title, render: (b) => String(b.households) },
        ]}
      />
      <View className="section__title">{t.perHousehold}</View>
      <PagedRecords
        list={households}
        testId="arrears-households"
        empty={t.noArrears}
        rowKey={(h) => h.householdId}
        columns={[
          { key: 'home', title: t.home, primary: true, render: (h) => `${h.buildingName} ${h.householdLabel}` },
          { key: 'owed', title: t.owed, render: (h) => t.yuan(fenText(h.owedFen)) },
          { key: 'age', title: t.period, render: (h) => t.oldest(h.oldestPeriod, h.oldestDays) },
          {
            key: 'reminded',
            title: t.lastReminded,
            render: (h) => (h.lastRemindedAt ? formatTime(h.lastRemindedAt) : t.neverReminded),
          },
        ]}
      />
    </View>
  );
}
