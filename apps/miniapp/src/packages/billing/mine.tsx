import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { BILL_STATUS_LABELS, ENDPOINTS, type BillView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { PagedRecords } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { Screen } from '../../components/Screen';
import { fenText } from '../../format';
import { useMe } from '../../hooks/useMe';
import { usePagedList } from '../../hooks/usePagedList';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';
import { call } from '../../services/request';
import { PayPanel } from './PayPanel';

const t = zhAdmin.billing;

/** The open bills of the chosen homes, oldest first (what the resident pays). */
async function openBills(householdId: number | undefined): Promise<BillView[]> {
  const pages = await Promise.all(
    (['unpaid', 'partially_paid'] as const).map((status) =>
      call(ENDPOINTS.myBills, { query: { householdId, status, limit: 50 } }),
    ),
  );
  return pages
    .flatMap((p) => p.items)
    .sort((a, b) => a.householdId - b.householdId || a.period.localeCompare(b.period) || a.id - b.id);
}

/** 我的账单: what is still to pay (and paying it), then every bill of the resident's verified homes. */
export default function MyBillsPage() {
  const session = useSession();
  const me = useMe(session.user?.id ?? null);
  const homes = (me.data?.memberships ?? []).filter((m) => m.status === 'verified');
  const [householdId, setHouseholdId] = useState<number | undefined>();
  const [open, setOpen] = useState<BillView[]>([]);
  const [payEnabled, setPayEnabled] = useState(true);
  const [partial, setPartial] = useState(false);
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.myBills, { query: { householdId, cursor, limit: 20 } }),
    `${session.user?.id}:${householdId}`,
    session.signedIn,
  );
  const loadOpen = useCallback(async () => {
    if (!session.signedIn) return;
    setOpen(await openBills(householdId).catch(() => []));
  }, [householdId, session.signedIn]);

  useEffect(() => {
    void loadOpen();
  }, [loadOpen]);
  useEffect(() => {
    if (!session.signedIn) return;
    // The first open bill's home decides whether part payments are offered (an order is for one home).
    const home = open[0]?.householdId;
    call(ENDPOINTS.wechatPayStatus, { query: { householdId: home } })
      .then((s) => {
        setPayEnabled(s.enabled);
        setPartial(s.partialPayment);
      })
      .catch(() => undefined);
  }, [session.signedIn, open]);

  const refresh = () => Promise.all([list.reload(), loadOpen()]);
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
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
      <PayPanel bills={open} enabled={payEnabled} partial={partial} onPaid={() => void refresh()} />
      <View className="admin-toolbar">
        <Btn testId="my-payments-link" onClick={() => void Taro.navigateTo({ url: '/packages/billing/history' })}>
          {t.history}
        </Btn>
      </View>
      <View className="pay__title">{t.allBills}</View>
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
