import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { XlsxModule } from '../common/xlsx/xlsx.module';
import { BillReminder } from './bill-reminder.entity';
import { BillRemindersService } from './bill-reminders.service';
import { BillingExportsService } from './billing-exports.service';
import { BillingExtrasController } from './billing-extras.controller';
import { Bill } from './bill.entity';
import { BillingAccess } from './billing-access';
import { BillingReportsService } from './billing-reports.service';
import { BillingRun } from './billing-run.entity';
import { BillingRunService } from './billing-run.service';
import { BillsService } from './bills.service';
import { FeeItem } from './fee-item.entity';
import { FeeItemsService } from './fee-items.service';
import { OfflinePaymentsService } from './offline-payments.service';
import { PaymentAllocation } from './payment-allocation.entity';
import { PaymentReversal } from './payment-reversal.entity';
import { Payment } from './payment.entity';
import { PaymentsController } from './payments.controller';
import { ReceiptCounter } from './receipt-counter.entity';
import { PaymentLedger } from './payment-ledger';
import { BillingSettings } from './billing-settings.entity';
import { BillingSettingsService } from './billing-settings.service';
import { PaymentRefund } from './payment-refund.entity';
import { RefundAllocation } from './refund-allocation.entity';
import { RefundsService } from './refunds.service';
import { WechatNotificationReject } from './wechat/wechat-notification-reject.entity';
import { WechatNotifyService } from './wechat/wechat-notify.service';
import { WechatOrderBill } from './wechat/wechat-order-bill.entity';
import { WechatOrder } from './wechat/wechat-order.entity';
import { WechatOrdersService } from './wechat/wechat-orders.service';
import { WechatPayController } from './wechat/wechat-pay.controller';
import { WechatPayJob } from './wechat/wechat-pay.job';
import { ReconciliationController } from './wechat/reconciliation.controller';
import { ReconciliationJob } from './wechat/reconciliation.job';
import { ReconciliationMatcher } from './wechat/reconciliation-matcher';
import { ReconciliationService } from './wechat/reconciliation.service';
import { WechatReconciliationItem } from './wechat/wechat-reconciliation-item.entity';
import { WechatReconciliation } from './wechat/wechat-reconciliation.entity';
import { WechatPayClient } from './wechat/wechatpay.client';
import { loadWechatPayKeys, WECHATPAY_KEYS } from './wechat/wechatpay-keys';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';

/**
 * 缴费: fee items, billing runs, bills, arrears and collection rate; offline payments, reversals and
 * receipts; WeChat Pay orders, notifications and refunds; daily reconciliation with WeChat's trade bill.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      FeeItem,
      Bill,
      BillingRun,
      Payment,
      PaymentAllocation,
      PaymentReversal,
      ReceiptCounter,
      WechatOrder,
      WechatOrderBill,
      PaymentRefund,
      RefundAllocation,
      WechatNotificationReject,
      BillReminder,
      WechatReconciliation,
      WechatReconciliationItem,
      BillingSettings,
    ]),
    XlsxModule,
  ],
  controllers: [PaymentsController, BillingExtrasController, WechatPayController, ReconciliationController],
  providers: [
    { provide: WECHATPAY_KEYS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadWechatPayKeys(config) },
    BillingAccess,
    FeeItemsService,
    BillingRunService,
    BillsService,
    BillingReportsService,
    PaymentLedger,
    BillingSettingsService,
    OfflinePaymentsService,
    BillRemindersService,
    BillingExportsService,
    WechatPayClient,
    RefundsService,
    WechatOrdersService,
    WechatNotifyService,
    WechatPayJob,
    ReconciliationMatcher,
    ReconciliationService,
    ReconciliationJob,
  ],
})
export class PaymentsModule {}
