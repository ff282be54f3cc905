import { useState } from 'react';
import { ENDPOINTS, PAYMENT_CHANNEL_LABELS, type PaymentView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { ReasonForm } from '../../components/admin/ReasonForm';
import { paymentAfterwards, receiptText } from './payment-text';
import { useReceipt } from './useReceipt';
import { RefundForm, refundableFen } from './RefundForm';
import { PagedRecords } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { fenText, formatTime } from '../../format';
import { usePagedList } from '../../hooks/usePagedList';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.billing;

/** 收款记录: payments, newest first; the receipt; 冲正 a desk mistake or 退款 a WeChat payment (`canCorrect` only). */
export function PaymentsTab({ compoundId, canCorrect }: { compoundId: number; canCorrect: boolean }) {
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.listPayments, { query: { compoundId, cursor, limit: 20 } }),
    compoundId,
    compoundId > 0,
  );
  const [reversing, setReversing] = useState<PaymentView | null>(null);
  const [refunding, setRefunding] = useState<PaymentView | null>(null);

  const reverse = useSubmit(async (reason: string) => {
    if (!reversing) return;
    try {
      await call(ENDPOINTS.reversePayment, { params: { id: reversing.id }, body: { reason } });
      toast(t.reversed, 'success');
      setReversing(null);
    } catch (err) {
      toast(errorMessage(err));
    }
    await list.reload();
  });

  const receipt = useReceipt();

  return (
    <View>
      {reversing ? (
        <ReasonForm
          key={reversing.id}
          title={t.reverseTitle(reversing.receiptNo)}
          label={t.reason}
          placeholder={t.reversePlaceholder}
          action={t.reverse}
          pending={reverse.pending}
          testId="reverse"
          onSend={(reason) => void reverse.run(reason)}
          onCancel={() => setReversing(null)}
        />
      ) : null}
      {refunding ? (
        <RefundForm
          key={refunding.id}
          payment={refunding}
          onDone={() => {
            setRefunding(null);
            void list.reload();
          }}
          onCancel={() => setRefunding(null)}
        />
      ) : null}
      <PagedRecords
        list={list}
        testId="payments"
        empty={t.noPayments}
        rowKey={(p) => p.id}
        columns={[
          {
            key: 'no',
            title: t.receiptNo,
            primary: true,
            render: receiptText,
          },
          { key: 'home', title: t.home, render: (p) => p.householdLabel },
          { key: 'amount', title: t.collectAmount, render: (p) => fenText(p.amountFen) },
          { key: 'channel', title: t.channel, render: (p) => PAYMENT_CHANNEL_LABELS[p.channel] },
          { key: 'at', title: t.paidAt, render: (p) => formatTime(p.createdAt) },
          { key: 'after', title: t.state, render: paymentAfterwards },
        ]}
        actions={(p) => (
          <View className="admin-toolbar">
            <Btn
              size="small"
              disabled={receipt.pending}
              testId={`payment-receipt-${p.id}`}
              onClick={() => void receipt.run(p.id, p.receiptNo)}
            >
              {t.receipt}
            </Btn>
            {canCorrect && p.channel === 'wechat' && refundableFen(p) > 0 ? (
              <Btn kind="danger" size="small" testId={`payment-refund-${p.id}`} onClick={() => setRefunding(p)}>
                {t.refund}
              </Btn>
            ) : null}
            {!canCorrect || p.reversal || p.channel === 'wechat' ? null : (
              <Btn kind="danger" size="small" testId={`payment-reverse-${p.id}`} onClick={() => setReversing(p)}>
                {t.reverse}
              </Btn>
            )}
          </View>
        )}
      />
    </View>
  );
}
