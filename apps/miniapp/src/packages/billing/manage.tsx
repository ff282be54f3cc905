import { useState } from 'react';

import { Choices } from '../../components/admin/Choices';
import { AdminPage } from '../../components/admin/AdminPage';
import { Section } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { Tabs } from '../../components/Tabs';
import { runsWith, useManagedCompounds } from '../../hooks/useAdminScope';
import { useMe } from '../../hooks/useMe';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';
import { ArrearsTab } from './ArrearsTab';
import { BillsTab } from './BillsTab';
import { ExportBar } from './ExportBar';
import { FeesTab } from './FeesTab';
import { PaymentsTab } from './PaymentsTab';
import { ReconcileTab } from './ReconcileTab';
import { RunTab } from './RunTab';

type Tab = keyof typeof zhAdmin.billing.tabs;
/** What a cashier (收费员) does: find the bill, take the money, hand over the receipt. */
const CASHIER_TABS: Tab[] = ['bills', 'payments'];

/**
 * 费用与账单 of one compound: its bills, its fee items, a billing run, arrears, 收缴率, 催缴 and exports.
 * Opened from the 物业管理 hub with `compoundId`; a cashier comes from 首页 without one and picks among
 * the compounds they collect for. Only who may correct the books (bill.write) sees the tabs and actions
 * that change them.
 */
export default function BillingManagePage() {
  const session = useSession();
  const me = useMe(session.signedIn ? (session.user?.id ?? 0) : null);
  const collecting = useManagedCompounds(me.data, 'payment.collect');
  const given = intParam(usePageParams().compoundId);
  const [chosen, setChosen] = useState<number | null>(null);
  const [tab, setTab] = useState<Tab>('bills');
  const list = collecting.data ?? [];
  const compound = list.find((c) => c.id === (chosen ?? given)) ?? (given ? undefined : list[0]);
  const compoundId = compound?.id ?? given ?? 0;
  const canCorrect = runsWith(me.data, 'bill.write', compound);
  const tabs = canCorrect ? (Object.keys(zhAdmin.billing.tabs) as Tab[]) : CASHIER_TABS;

  if (!given && collecting.data && !list.length)
    return (
      <AdminPage>
        <StatusView kind="empty" text={zhAdmin.hub.noCompounds} />
      </AdminPage>
    );
  return (
    <AdminPage testId="billing-page">
      {!given && list.length > 1 ? (
        <Section title={zhAdmin.hub.chooseCompound}>
          <Choices
            items={list.map((c) => ({ key: c.id, label: c.name }))}
            value={compoundId}
            onChange={setChosen}
            testId="billing-compound"
          />
        </Section>
      ) : null}
      {compoundId ? (
        <>
          <ExportBar compoundId={compoundId} />
          <Tabs items={tabs.map((key) => ({ key, label: zhAdmin.billing.tabs[key] }))} value={tab} onChange={setTab} />
          {tab === 'bills' ? <BillsTab key={compoundId} compoundId={compoundId} canCorrect={canCorrect} /> : null}
          {tab === 'payments' ? <PaymentsTab key={compoundId} compoundId={compoundId} canCorrect={canCorrect} /> : null}
          {tab === 'fees' ? <FeesTab compoundId={compoundId} /> : null}
          {tab === 'run' ? <RunTab compoundId={compoundId} /> : null}
          {tab === 'arrears' ? <ArrearsTab compoundId={compoundId} /> : null}
          {tab === 'reconcile' ? <ReconcileTab key={compoundId} compoundId={compoundId} /> : null}
        </>
      ) : (
        <StatusView kind="loading" />
      )}
    </AdminPage>
  );
}
