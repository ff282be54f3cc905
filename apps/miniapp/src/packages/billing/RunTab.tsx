import { useState } from 'react';
import { ENDPOINTS, PERIOD_PATTERN, type BillingRunView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Field } from '../../components/admin/Field';
import { RecordTable } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { fenText, shanghaiDate } from '../../format';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.billing;

/** 生成账单: preview a period's bills, then create them. Running it again creates nothing new. */
export function RunTab({ compoundId }: { compoundId: number }) {
  const [period, setPeriod] = useState(shanghaiDate().slice(0, 7));
  const [problem, setProblem] = useState<string | null>(null);
  const [preview, setPreview] = useState<BillingRunView | null>(null);

  const run = useSubmit(async (dryRun: boolean) => {
    if (!PERIOD_PATTERN.test(period.trim())) return setProblem('YYYY-MM');
    setProblem(null);
    try {
      const result = await call(ENDPOINTS.billingRun, { params: { id: compoundId }, body: { period: period.trim(), dryRun } });
      if (dryRun) setPreview(result);
      else {
        setPreview(null);
        toast(t.runDone(result.toCreate), 'success');
      }
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  return (
    <View className="card" data-testid="billing-run">
      <Field
        label={t.period}
        value={period}
        onChange={(p) => {
          setPeriod(p);
          setPreview(null);
        }}
        testId="run-period"
        placeholder="2026-12"
        maxlength={7}
        problem={problem}
      />
      <Btn block disabled={run.pending} testId="run-preview" onClick={() => void run.run(true)}>
        {run.pending ? t.previewing : t.preview}
      </Btn>
      {preview ? (
        <View data-testid="run-preview-result" style={{ marginTop: '16px' }}>
          <View className="section__title">{t.runSummary(preview.toCreate, fenText(preview.totalFen))}</View>
          <View className="muted">
            {t.households(preview.households)}
            {preview.existing ? ` · ${t.existing(preview.existing)}` : ''}
            {preview.skippedZero ? ` · ${t.skippedZero(preview.skippedZero)}` : ''}
            {preview.notDueFeeItemIds.length ? ` · ${t.notDue(preview.notDueFeeItemIds.length)}` : ''}
          </View>
          <RecordTable
            rows={preview.items}
            rowKey={(i) => i.feeItemId}
            empty={t.noFees}
            columns={[
              { key: 'name', title: t.feeName, primary: true, render: (i) => i.name },
              { key: 'n', title: t.tabs.bills, render: (i) => String(i.toCreate) },
              { key: 'total', title: t.amount, render: (i) => t.yuan(fenText(i.totalFen)) },
            ]}
          />
          <Btn
            kind="primary"
            block
            disabled={run.pending || preview.toCreate === 0}
            testId="run-commit"
            onClick={() => void run.run(false)}
          >
            {run.pending ? t.committing : t.commit}
          </Btn>
        </View>
      ) : null}
    </View>
  );
}
