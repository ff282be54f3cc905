import { useEffect, useState } from 'react';
import { BILL_REMINDER_LIMITS, ENDPOINTS, type BillReminderView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Field } from '../../components/admin/Field';
import { Btn } from '../../components/Btn';
import { shanghaiDate } from '../../format';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.billing;
/** Rounds tried when looking for this month's next one; beyond that the manager types it. */
const ROUNDS_TRIED = 9;

const preview = (compoundId: number, round: string) =>
  call(ENDPOINTS.billReminders, { params: { id: compoundId }, body: { round, dryRun: true } });

/**
 * This month's first round that still has someone to remind ("2026-11 第2次" once 第1次 went out):
 * dry runs only, so nothing is sent while looking.
 */
async function nextRound(compoundId: number, month: string): Promise<string> {
  for (let n = 1; n <= ROUNDS_TRIED; n++) {
    const round = t.roundOf(month, n);
    const view = await preview(compoundId, round);
    if (view.bills > 0 || view.alreadyReminded === 0) return round;
  }
  return t.roundOf(month, ROUNDS_TRIED + 1);
}

/** 催缴: name the round, preview how many households and people it reaches, then send. */
export function ReminderCard({ compoundId }: { compoundId: number }) {
  const month = shanghaiDate().slice(0, 7);
  const [round, setRound] = useState(t.roundOf(month, 1));
  const [problem, setProblem] = useState<string | null>(null);
  const [counts, setCounts] = useState<BillReminderView | null>(null);

  useEffect(() => {
    if (compoundId > 0) void nextRound(compoundId, month).then(setRound, () => undefined);
  }, [compoundId, month]);

  const send = useSubmit(async (dryRun: boolean) => {
    const label = round.trim();
    if (!label) return setProblem(zhAdmin.common.needValue);
    setProblem(null);
    try {
      const view = await call(ENDPOINTS.billReminders, { params: { id: compoundId }, body: { round: label, dryRun } });
      if (dryRun) return setCounts(view);
      setCounts(null);
      toast(view.households ? t.reminded(view.households, view.recipients) : t.remindNothing, 'success');
      // The round just sent has nobody left: offer the next one.
      void nextRound(compoundId, month).then(setRound, () => undefined);
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  return (
    <View className="card" data-testid="bill-reminders">
      <View className="section__title">{t.remindTitle}</View>
      <View className="muted">{t.remindHelp}</View>
      <Field
        label={t.round}
        value={round}
        onChange={(r) => {
          setRound(r);
          setCounts(null);
        }}
        testId="remind-round"
        placeholder={t.roundPlaceholder}
        maxlength={BILL_REMINDER_LIMITS.roundMax}
        problem={problem}
      />
      <Btn block disabled={send.pending} testId="remind-preview" onClick={() => void send.run(true)}>
        {send.pending ? t.reminding : t.remindPreview}
      </Btn>
      {counts ? (
        <View data-testid="remind-preview-result" style={{ marginTop: '16px' }}>
          <View className="section__title">
            {counts.bills ? t.remindSummary(counts.bills, counts.households, counts.recipients) : t.remindNothing}
          </View>
          {counts.alreadyReminded ? <View className="muted">{t.remindAlready(counts.alreadyReminded)}</View> : null}
          {counts.unreachableHouseholds ? (
            <View className="muted">{t.remindUnreachable(counts.unreachableHouseholds)}</View>
          ) : null}
          <Btn
            kind="primary"
            block
            disabled={send.pending || counts.bills === 0}
            testId="remind-send"
            onClick={() => void send.run(false)}
          >
            {send.pending ? t.reminding : t.remindSend}
          </Btn>
        </View>
      ) : null}
    </View>
  );
}
