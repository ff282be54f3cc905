import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { BILL_STATUS_LABELS, ENDPOINTS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { PagedRecords } from '../../components/admin/RecordTable';
import { Screen } from '../../components/Screen';
import { fenText } from '../../format';
import { useMe } from '../../hooks/useMe';
import { usePagedList } from '../../hooks/usePagedList';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';
import { call } from '../../services/request';

const t = zhAdmin.billing;

/** 我的账单: the bills of the resident's verified homes, newest first. */
export default function MyBillsPage() {
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const homes = (me.data?.memberships ?? []).filter((m) => m.status === 'verified');
  const [householdId, setHouseholdId] = useState<number | undefined>();
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.myBills, { query: { householdId, cursor, limit: 20 } }),
    `${session.user?.id}:${householdId}`,
    session.signedIn,
  );
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());
  return (
    <Screen>
      {homes.length > 1 ? (
        <Choices
          items={homes.map((m) => ({ key: m.householdId, label: `${m.compoundName} ${m.householdLabel}` }))}
          value={householdId}
          onChange={setHouseholdId}
          testId="my-bills-home"
          all={{ label: t.allHouseholds, onClear: () => setHouseholdId(undefined) }}
        />
      ) : null}
      <View data-testid="my-bills">
        <PagedRecords
          list={list}
          testId="my-bill"
          empty={t.mineEmpty}
          rowKey={(b) => b.id}
          columns={[
            { key: 'item', title: t.item, primary: true, render: (b) => `${b.itemName} · ${b.period}` },
            { key: 'home', title: t.home, render: (b) => `${b.buildingName} ${b.householdLabel}` },
            { key: 'amount', title: t.amount, render: (b) => t.yuan(fenText(b.amountFen)) },
            { key: 'owed', title: t.owed, render: (b) => t.yuan(fenText(b.owedFen)) },
            { key: 'status', title: t.status, render: (b) => BILL_STATUS_LABELS[b.status] },
          ]}
        />
      </View>
    </Screen>
  );
}
