import type { RefundView } from '@doorstep/contracts';
import type { PaymentRefund } from './payment-refund.entity';

export const refundView = (r: PaymentRefund): RefundView => ({
  id: r.id,
  paymentId: r.paymentId,
  outRefundNo: r.outRefundNo,
  kind: r.kind,
  amountFen: r.amountFen,
  reason: r.reason,
  status: r.status,
  requestedById: r.requestedById,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});
