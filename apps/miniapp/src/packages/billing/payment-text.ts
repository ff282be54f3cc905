import { REFUND_STATUS_LABELS, type PaymentView } from '@doorstep/contracts';

import { fenText } from '../../format';
import { zhAdmin } from '../../i18n/admin';

const t = zhAdmin.billing;

/** What happened to a payment after it was made: refunds and money waiting to be sorted out (a reversal shows by the receipt number). */
export function paymentAfterwards(p: PaymentView): string {
  const lines = p.refunds.map((r) => t.refundLine(fenText(r.amountFen), REFUND_STATUS_LABELS[r.status]));
  if (p.creditFen > 0) lines.push(t.creditLine(fenText(p.creditFen)));
  return lines.join('；') || '—';
}

/** The receipt number, marked when the payment was reversed (冲正). */
export const receiptText = (p: PaymentView): string => `${p.receiptNo}${p.reversal ? `（${t.reversed}）` : ''}`;
