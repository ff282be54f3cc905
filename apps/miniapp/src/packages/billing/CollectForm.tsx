import { useState } from 'react';
import {
  ENDPOINTS,
  OFFLINE_PAYMENT_CHANNELS,
  PAYMENT_CHANNEL_LABELS,
  PAYMENT_LIMITS,
  type BillView,
  type OfflinePaymentChannel,
} from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { Field, FieldFrame } from '../../components/admin/Field';
import { Btn } from '../../components/Btn';
import { fenText, yuanToFen } from '../../format';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { call, errorMessage, newIdempotencyKey } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.billing;

interface Props {
  bill: BillView;
  onDone: () => void;
  onCancel: () => void;
}

/** 收款 at the desk for one bill: cash, transfer or POS; the receipt number comes back. */
export function CollectForm({ bill, onDone, onCancel }: Props) {
  const [channel, setChannel] = useState<OfflinePaymentChannel>('cash');
  const [amount, setAmount] = useState(fenText(bill.owedFen));
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // One key per payment being recorded: a resend after a timeout records it once.
  const [key] = useState(newIdempotencyKey);

  const collect = useSubmit(async () => {
    const fen = yuanToFen(amount);
    if (fen === null || fen <= 0 || fen > bill.owedFen)
      return setProblem(`${zhAdmin.common.badNumber}（≤ ${fenText(bill.owedFen)}）`);
    setProblem(null);
    try {
      const payment = await call(ENDPOINTS.recordPayment, {
        body: {
          householdId: bill.householdId,
          channel,
          amountFen: fen,
          billIds: [bill.id],
          reference: reference.trim() || undefined,
        },
        idempotencyKey: key,
      });
      toast(t.collected(payment.receiptNo), 'success');
      onDone();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  return (
    <View className="card" data-testid="collect-form">
      <View className="section__title">
        {t.collectTitle(`${bill.buildingName} ${bill.householdLabel} ${bill.itemName} ${bill.period}`)}
      </View>
      <FieldFrame label={t.channel}>
        <Choices
          items={OFFLINE_PAYMENT_CHANNELS.map((c) => ({ key: c, label: PAYMENT_CHANNEL_LABELS[c] }))}
          value={channel}
          onChange={setChannel}
          testId="collect-channel"
        />
      </FieldFrame>
      <Field label={t.collectAmount} value={amount} onChange={setAmount} testId="collect-amount" type="digit" problem={problem} />
      {channel === 'cash' ? null : (
        <Field
          label={t.reference}
          value={reference}
          onChange={setReference}
          testId="collect-reference"
          optional
          maxlength={PAYMENT_LIMITS.referenceMax}
        />
      )}
      <View className="admin-toolbar">
        <Btn kind="primary" disabled={collect.pending} testId="collect-send" onClick={() => void collect.run()}>
          {collect.pending ? t.collecting : t.collect}
        </Btn>
        <Btn onClick={onCancel}>{zhAdmin.common.cancelEdit}</Btn>
      </View>
    </View>
  );
}
