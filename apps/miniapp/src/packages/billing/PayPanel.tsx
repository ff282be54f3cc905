import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { ENDPOINTS, type BillView, type WechatOrderView } from '@doorstep/contracts';
import { Image, Text, View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { Field } from '../../components/admin/Field';
import { fenText, yuanToFen } from '../../format';
import { usePhotoSource } from '../../hooks/usePhotoSource';
import { useSubmit } from '../../hooks/useSubmit';
import { fileUrl } from '../../services/files';
import { zhAdmin } from '../../i18n/admin';
import { errorMessage, newIdempotencyKey } from '../../services/request';
import { toast } from '../../services/toast';
import { confirmPaid, payBills, type PayOutcome } from '../../services/wechat-pay';
import { cx } from '../../components/cx';
import { useReceipt } from './useReceipt';
import './billing.scss';

const t = zhAdmin.billing;
/** How often the page asks whether a payment made elsewhere has arrived. */
const POLL_MS = 2000;

interface Props {
  bills: BillView[];
  /** Whether WeChat Pay is configured at all (else the panel says where to pay). */
  enabled: boolean;
  /** Whether the home's compound lets a bill be paid in part. */
  partial: boolean;
  onPaid: () => void;
}

/**
 * 待缴账单 with a pay bar: the resident ticks bills of one home (all of the first home to begin with)
 * and pays them in full with WeChat. The amount shown is the one the server will compute.
 */
export function PayPanel({ bills, enabled, partial, onPaid }: Props) {
  const [chosen, setChosen] = useState<number[]>([]);
  const [waiting, setWaiting] = useState<WechatOrderView | null>(null);
  const [paid, setPaid] = useState<WechatOrderView | null>(null);
  // One key per attempt: a resend after a dropped answer is the same order, a new tap a new attempt.
  const key = useRef(newIdempotencyKey());

  useEffect(() => {
    const first = bills[0]?.householdId;
    setChosen(bills.filter((b) => b.householdId === first).map((b) => b.id));
  }, [bills]);

  const picked = bills.filter((b) => chosen.includes(b.id));
  const totalFen = picked.reduce((sum, b) => sum + b.owedFen, 0);
  // The part to pay now, where the compound allows less than all; empty means all of it.
  const [part, setPart] = useState('');
  const partFen = partial && part.trim() ? yuanToFen(part) : totalFen;
  const partValid = partFen !== null && partFen > 0 && partFen <= totalFen;

  const toggle = (bill: BillView) => {
    // An order pays bills of one home: picking another home's bill starts a new choice.
    if (picked.length && picked[0].householdId !== bill.householdId) return setChosen([bill.id]);
    setChosen(chosen.includes(bill.id) ? chosen.filter((id) => id !== bill.id) : [...chosen, bill.id]);
  };

  const settle = (outcome: PayOutcome) => {
    if (outcome.kind === 'paid') {
      key.current = newIdempotencyKey();
      setWaiting(null);
      setPaid(outcome.order);
      toast(t.paidOk, 'success');
      onPaid();
    } else if (outcome.kind === 'cancelled') {
      key.current = newIdempotencyKey();
      toast(t.payCancelled);
    } else if (outcome.order.status === 'closed') {
      key.current = newIdempotencyKey();
      setWaiting(null);
      toast(t.orderClosed);
    } else {
      setWaiting(outcome.order);
    }
  };

  const pay = useSubmit(async () => {
    setPaid(null);
    try {
      settle(
        await payBills(
          picked[0].householdId,
          picked.map((b) => b.id),
          key.current,
        ),
      );
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const check = useSubmit(async (quiet: boolean) => {
    if (!waiting) return;
    try {
      const outcome = await confirmPaid(waiting.id);
      if (outcome.kind === 'pending' && !quiet) toast(t.stillOpen);
      settle(outcome);
    } catch (err) {
      if (!quiet) toast(errorMessage(err));
    }
  });

  // useSubmit's run is stable: the timer lives as long as the order waits, not one render.
  const poll = check.run;
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setInterval(() => void poll(true), POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, poll]);

  const receipt = useReceipt();

  return (
    <View className="card pay" data-testid="pay-panel">
      <View className="pay__title">{t.toPay}</View>
      {bills.length === 0 ? <View className="pay__empty">{t.nothingToPay}</View> : null}
      {bills.map((b) => (
        <View
          key={b.id}
          className={cx('pay__bill', chosen.includes(b.id) && 'pay__bill--on')}
          data-testid="pay-bill"
          role="checkbox"
          aria-checked={chosen.includes(b.id)}
          onClick={() => toggle(b)}
        >
          <Text className="pay__tick">{chosen.includes(b.id) ? '☑' : '☐'}</Text>
          <View className="pay__what">
            <View>{`${b.itemName} · ${b.period}`}</View>
            <View className="pay__home">{`${b.buildingName} ${b.householdLabel}`}</View>
          </View>
          <Text className="pay__owed">{t.yuan(fenText(b.owedFen))}</Text>
        </View>
      ))}
      {bills.length > 0 && !enabled ? <View className="pay__note">{t.payOff}</View> : null}
      {bills.length > 0 && enabled ? (
        <View className="pay__bar">
          <View data-testid="pay-total">{t.selected(picked.length, fenText(totalFen))}</View>
          {partial && picked.length ? (
            <View>
              <Field
                label={t.payAmount}
                value={part}
                onChange={setPart}
                testId="pay-amount"
                type="digit"
                placeholder={fenText(totalFen)}
              />
              <View className="pay__note">{t.payAmountHint(fenText(totalFen))}</View>
            </View>
          ) : null}
          <Btn
            kind="primary"
            block
            disabled={!picked.length || !partValid || pay.pending}
            testId="pay-wechat"
            onClick={() => void pay.run()}
          >
            {pay.pending ? t.paying : t.payWechat(fenText(partValid ? partFen! : totalFen))}
          </Btn>
        </View>
      ) : null}
      {waiting ? (
        <View className="pay__waiting" data-testid="pay-waiting">
          <View className="pay__title">{t.payInWechat}</View>
          <View className="pay__note">{t.payInWechatHint}</View>
          {waiting.codeUrl ? <PayCode orderId={waiting.id} /> : null}
          {waiting.codeUrl ? (
            <Btn block testId="pay-open" onClick={() => openPayPage(waiting.codeUrl!)}>
              {t.openPayPage}
            </Btn>
          ) : null}
          <Btn block disabled={check.pending} testId="pay-check" onClick={() => void check.run(false)}>
            {check.pending ? t.confirming : t.iHavePaid}
          </Btn>
        </View>
      ) : null}
      {paid?.paymentId ? (
        <View className="pay__done" data-testid="pay-done">
          <View>{t.paidOk}</View>
          <Btn block testId="pay-receipt" onClick={() => void receipt.run(paid.paymentId!, String(paid.paymentId))}>
            {t.viewReceipt}
          </Btn>
        </View>
      ) : null}
    </View>
  );
}

/** The order's code, drawn by the server, to scan with WeChat on a phone. */
function PayCode({ orderId }: { orderId: number }) {
  const { src } = usePhotoSource(fileUrl(ENDPOINTS.wechatOrderCode, { id: orderId }));
  return src ? <Image className="pay__code" src={src} mode="aspectFit" data-testid="pay-code" /> : null;
}

/** The code's page: a new tab on H5 (the demo's 收银台, or a weixin:// link WeChat's browser opens). */
function openPayPage(url: string): void {
  if (process.env.TARO_ENV === 'h5') window.open(url, '_blank', 'noopener');
  else void Taro.setClipboardData({ data: url });
}
