import { useState } from 'react';
import {
  BILL_STATUSES,
  BILL_STATUS_LABELS,
  CANCELLABLE_BILL_STATUSES,
  ENDPOINTS,
  WAIVABLE_BILL_STATUSES,
  type BillStatus,
  type BillView,
} from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { ReasonForm } from '../../components/admin/ReasonForm';
import { CollectForm } from './CollectForm';
import { PagedRecords } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { fenText } from '../../format';
import { usePagedList } from '../../hooks/usePagedList';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { call, errorMessage } from '../../services/request';
import { confirmOnce, toast } from '../../services/toast';

const t = zhAdmin.billing;

/**
 * 账单: the compound's bills by status; 收款 for one; waive (减免) or cancel (作废) one with a reason —
 * the last two only for who may correct the books (`canCorrect`), not the cashier.
 */
export function BillsTab({ compoundId, canCorrect }: { compoundId: number; canCorrect: boolean }) {
  const [status, setStatus] = useState<BillStatus | undefined>('unpaid');
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.listBills, { query: { compoundId, status, cursor, limit: 20 } }),
    `${compoundId}:${status}`,
    compoundId > 0,
  );
  const [acting, setActing] = useState<{ bill: BillView; action: 'waive' | 'cancel' } | null>(null);
  const [collecting, setCollecting] = useState<BillView | null>(null);

  const act = useSubmit(async (why: string) => {
    if (!acting) return;
    const { bill, action } = acting;
    if (action === 'cancel' && !(await confirmOnce(t.confirmCancel(`${bill.householdLabel} ${bill.itemName} ${bill.period}`))))
      return;
    try {
      const endpoint = action === 'waive' ? ENDPOINTS.waiveBill : ENDPOINTS.cancelBill;
      await call(endpoint, { params: { id: bill.id }, body: { version: bill.version, reason: why } });
      toast(t.done, 'success');
      setActing(null);
    } catch (err) {
      toast(errorMessage(err));
    }
    await list.reload();
  });

  const open = (bill: BillView, action: 'waive' | 'cancel') => setActing({ bill, action });

  return (
    <View>
      <Choices
        items={BILL_STATUSES.map((s) => ({ key: s, label: BILL_STATUS_LABELS[s] }))}
        value={status}
        onChange={setStatus}
        testId="bills-status"
        all={{ label: zhAdmin.common.all, onClear: () => setStatus(undefined) }}
      />
      {collecting ? (
        <CollectForm
          key={collecting.id}
          bill={collecting}
          onCancel={() => setCollecting(null)}
          onDone={() => {
            setCollecting(null);
            void list.reload();
          }}
        />
      ) : null}
      {acting ? (
        <ReasonForm
          key={`${acting.bill.id}:${acting.action}`}
          title={`${acting.action === 'waive' ? t.waive : t.cancel}：${acting.bill.householdLabel} ${acting.bill.itemName} ${acting.bill.period}`}
          label={t.reason}
          placeholder={t.reasonPlaceholder}
          action={acting.action === 'waive' ? t.waive : t.cancel}
          pending={act.pending}
          testId="bill-action"
          onSend={(why) => void act.run(why)}
          onCancel={() => setActing(null)}
        />
      ) : null}
      <PagedRecords
        list={list}
        testId="bills"
        empty={t.noBills}
        rowKey={(b) => b.id}
        columns={[
          { key: 'home', title: t.home, primary: true, render: (b) => `${b.buildingName} ${b.householdLabel}` },
          { key: 'item', title: t.item, render: (b) => `${b.itemName} · ${b.period}` },
          { key: 'amount', title: t.amount, render: (b) => t.yuan(fenText(b.amountFen)) },
          { key: 'owed', title: t.owed, render: (b) => t.yuan(fenText(b.owedFen)) },
          { key: 'status', title: t.status, render: (b) => BILL_STATUS_LABELS[b.status] },
        ]}
        actions={(b) =>
          WAIVABLE_BILL_STATUSES.includes(b.status) ? (
            <View className="admin-toolbar">
              <Btn kind="primary" size="small" testId={`bill-collect-${b.id}`} onClick={() => setCollecting(b)}>
                {t.collect}
              </Btn>
              {canCorrect ? (
                <Btn size="small" testId={`bill-waive-${b.id}`} onClick={() => open(b, 'waive')}>
                  {t.waive}
                </Btn>
              ) : null}
              {canCorrect && CANCELLABLE_BILL_STATUSES.includes(b.status) ? (
                <Btn kind="danger" size="small" testId={`bill-cancel-${b.id}`} onClick={() => open(b, 'cancel')}>
                  {t.cancel}
                </Btn>
              ) : null}
            </View>
          ) : null
        }
      />
    </View>
  );
}
