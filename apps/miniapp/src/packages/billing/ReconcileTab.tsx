import { useState } from 'react';
import {
  ENDPOINTS,
  RECONCILIATION_DATE_PATTERN,
  RECONCILIATION_MISMATCH_LABELS,
  RECONCILIATION_STATUS_LABELS,
  type ReconciliationDetailView,
  type ReconciliationView,
} from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Field } from '../../components/admin/Field';
import { PagedRecords, RecordTable } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { fenText, shanghaiDate } from '../../format';
import { usePagedList } from '../../hooks/usePagedList';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { deliverFile, fileUrl } from '../../services/files';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.billing;
const yesterday = () => shanghaiDate(Date.now() - 86_400_000);
const yuanOrDash = (fen: number | null) => (fen === null ? '—' : fenText(fen));

/**
 * 对账: each day's WeChat trade bill against what was recorded here — the compound's mismatches, their
 * export, and a run for a chosen day (the job runs every morning by itself).
 */
export function ReconcileTab({ compoundId }: { compoundId: number }) {
  const [date, setDate] = useState(yesterday);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState<ReconciliationDetailView | null>(null);
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.reconciliationList, { query: { compoundId, cursor, limit: 20 } }),
    compoundId,
    compoundId > 0,
  );

  const run = useSubmit(async () => {
    if (!RECONCILIATION_DATE_PATTERN.test(date)) return setProblem(t.badDate);
    setProblem(null);
    try {
      await call(ENDPOINTS.reconciliationRun, { body: { date } });
      toast(t.reconcileDone, 'success');
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const show = useSubmit(async (r: ReconciliationView) => {
    try {
      setOpen(await call(ENDPOINTS.reconciliationGet, { params: { id: r.id }, query: { compoundId } }));
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const exportOpen = useSubmit(async () => {
    if (!open) return;
    try {
      const url = fileUrl(ENDPOINTS.reconciliationExport, { id: open.id }, { compoundId });
      await deliverFile(url, 'xlsx', t.exportName(t.tabs.reconcile, open.billDate));
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  return (
    <View data-testid="reconcile">
      <View className="card">
        <Field label={t.reconcileDate} value={date} onChange={setDate} testId="reconcile-date" problem={problem} />
        <Btn kind="primary" disabled={run.pending} testId="reconcile-run" onClick={() => void run.run()}>
          {run.pending ? t.reconcileRunning : t.reconcileRun}
        </Btn>
      </View>
      {open ? (
        <View className="card" data-testid="reconcile-detail">
          <View className="section__title">{`${open.billDate} ${RECONCILIATION_STATUS_LABELS[open.status]}`}</View>
          <RecordTable
            rows={open.mismatches}
            testId="mismatch"
            empty={t.noMismatches}
            rowKey={(m) => m.id}
            columns={[
              { key: 'kind', title: t.mismatchKind, primary: true, render: (m) => RECONCILIATION_MISMATCH_LABELS[m.kind] },
              { key: 'no', title: t.outTradeNo, render: (m) => m.outTradeNo ?? m.outRefundNo ?? '—' },
              { key: 'wechat', title: t.wechatAmount, render: (m) => yuanOrDash(m.wechatFen) },
              { key: 'ours', title: t.ourAmount, render: (m) => yuanOrDash(m.ourFen) },
            ]}
          />
          <View className="admin-toolbar">
            <Btn disabled={exportOpen.pending} testId="reconcile-export" onClick={() => void exportOpen.run()}>
              {t.exportMismatches}
            </Btn>
            <Btn onClick={() => setOpen(null)}>{t.collapse}</Btn>
          </View>
        </View>
      ) : null}
      <PagedRecords
        list={list}
        testId="reconciliations"
        empty={t.reconcileEmpty}
        rowKey={(r) => r.id}
        onOpen={(r) => void show.run(r)}
        columns={[
          { key: 'date', title: t.billDate, primary: true, render: (r) => r.billDate },
          { key: 'status', title: t.status, render: (r) => RECONCILIATION_STATUS_LABELS[r.status] },
          { key: 'count', title: t.mismatches, render: (r) => t.mismatchCount(r.mismatchCount) },
        ]}
      />
    </View>
  );
}
