import { useState } from 'react';
import { ENDPOINTS, LIVE_REFUND_STATUSES, WECHAT_PAY_LIMITS, type PaymentView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Field } from '../../components/admin/Field';
import { Btn } from '../../components/Btn';
import { fenText, yuanToFen } from '../../format';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { call, errorMessage, newIdempotencyKey } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.billing;

/** What can still go back: the payment less the refunds made or under way. */
export const refundableFen = (p: PaymentView): number =>
  p.amountFen - p.refunds.filter((r) => LIVE_REFUND_STATUSES.includes(r.status)).reduce((sum, r) => sum + r.amountFen, 0);

interface Props {
  payment: PaymentView;
  onDone: () => void;
  onCancel: () => void;
}

/** 退款 of a WeChat payment, all or part, back the way it came; the bills it paid open again by that much. */
export function RefundForm({ payment, onDone, onCancel }: Props) {
  const most = refundableFen(payment);
  const [amount, setAmount] = useState(fenText(most));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // One key per refund: a resend after a timeout refunds once.
  const [key] = useState(newIdempotencyKey);

  const send = useSubmit(async () => {
    const fen = yuanToFen(amount);
    if (fen === null || fen <= 0 || fen > most) return setProblem(`${zhAdmin.common.badNumber}（≤ ${fenText(most)}）`);
    if (reason.trim().length < 2) return setProblem(null);
    setProblem(null);
    try {
      await call(ENDPOINTS.refundPayment, {
        params: { id: payment.id },
        body: { amountFen: fen, reason: reason.trim() },
        idempotencyKey: key,
      });
      toast(t.refunded, 'success');
      onDone();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  return (
    <View className="card" data-testid="refund-form">
      <View className="section__title">{t.refundTitle(payment.receiptNo)}</View>
      <Field label={t.refundAmount} value={amount} onChange={setAmount} testId="refund-amount" type="digit" problem={problem} />
      <Field
        label={t.refundReason}
        value={reason}
        onChange={setReason}
        testId="refund-reason"
        placeholder={t.refundPlaceholder}
        maxlength={WECHAT_PAY_LIMITS.refundReasonMax}
      />
      <View className="admin-toolbar">
        <Btn
          kind="danger"
          disabled={send.pending || reason.trim().length < 2}
          testId="refund-send"
          onClick={() => void send.run()}
        >
          {t.refund}
        </Btn>
        <Btn onClick={onCancel}>{zhAdmin.common.cancelEdit}</Btn>
      </View>
    </View>
  );
}
