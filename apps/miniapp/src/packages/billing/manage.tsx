import { useState } from 'react';

import { AdminPage } from '../../components/admin/AdminPage';
import { Tabs } from '../../components/Tabs';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { zhAdmin } from '../../i18n/admin';
import { ArrearsTab } from './ArrearsTab';
import { BillsTab } from './BillsTab';
import { ExportBar } from './ExportBar';
import { FeesTab } from './FeesTab';
import { PaymentsTab } from './PaymentsTab';
import { RunTab } from './RunTab';

type Tab = keyof typeof zhAdmin.billing.tabs;

/** 费用与账单 of one compound: its bills, its fee items, a billing run, arrears, 收缴率, 催缴 and exports. */
export default function BillingManagePage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  const [tab, setTab] = useState<Tab>('bills');
  return (
    <AdminPage testId="billing-page">
      <ExportBar compoundId={compoundId} />
      <Tabs
        items={(Object.keys(zhAdmin.billing.tabs) as Tab[]).map((key) => ({ key, label: zhAdmin.billing.tabs[key] }))}
        value={tab}
        onChange={setTab}
      />
      {tab === 'bills' ? <BillsTab compoundId={compoundId} /> : null}
      {tab === 'payments' ? <PaymentsTab compoundId={compoundId} /> : null}
      {tab === 'fees' ? <FeesTab compoundId={compoundId} /> : null}
      {tab === 'run' ? <RunTab compoundId={compoundId} /> : null}
      {tab === 'arrears' ? <ArrearsTab compoundId={compoundId} /> : null}
    </AdminPage>
  );
}
