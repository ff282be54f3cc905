import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { ENDPOINTS, PAYMENT_CHANNEL_LABELS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { PagedRecords } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { Screen } from '../../components/Screen';
import { fenText, formatTime } from '../../format';
import { usePagedList } from '../../hooks/usePagedList';
import { useSession } from '../../hooks/useSession';
import { zhAdmin } from '../../i18n/admin';
import { call } from '../../services/request';
import { paymentAfterwards, receiptText } from './payment-text';
import { useReceipt } from './useReceipt';
import './billing.scss';

const t = zhAdmin.billing;

/** 缴费记录: every payment of the resident's homes, at the desk or by WeChat, with its receipt. */
export default function MyPaymentsPage() {
  const session = useSession();
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.myPayments, { query: { cursor, limit: 20 } }),
    session.user?.id ?? 0,
    session.signedIn,
  );
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  const receipt = useReceipt();

  return (
    <Screen>
      <View data-testid="my-payments">
        <PagedRecords
          list={list}
          testId="my-payment"
          empty={t.historyEmpty}
          rowKey={(p) => p.id}
          columns={[
            { key: 'amount', title: t.collectAmount, primary: true, render: (p) => t.yuan(fenText(p.amountFen)) },
            { key: 'home', title: t.home, render: (p) => p.householdLabel },
            { key: 'channel', title: t.channel, render: (p) => PAYMENT_CHANNEL_LABELS[p.channel] },
            {
              key: 'bills',
              title: t.item,
              render: (p) => p.allocations.map((a) => `${a.itemName} ${a.period}`).join('、') || '—',
            },
            { key: 'no', title: t.receiptNo, render: receiptText },
            { key: 'at', title: t.paidAt, render: (p) => formatTime(p.createdAt) },
            { key: 'after', title: t.state, render: paymentAfterwards },
          ]}
          actions={(p) => (
            <View className="admin-toolbar">
              <Btn
                size="small"
                testId="my-payment-receipt"
                disabled={receipt.pending}
                onClick={() => void receipt.run(p.id, p.receiptNo)}
              >
                {t.viewReceipt}
              </Btn>
            </View>
          )}
        />
      </View>
    </Screen>
  );
}
