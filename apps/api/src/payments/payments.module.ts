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

/** 缴费: fee items, billing runs, bills, arrears and collection rate; offline payments, reversals and receipts. */
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
      BillReminder,
    ]),
    XlsxModule,
  ],
  controllers: [PaymentsController, BillingExtrasController],
  providers: [
    BillingAccess,
    FeeItemsService,
    BillingRunService,
    BillsService,
    BillingReportsService,
    OfflinePaymentsService,
    BillRemindersService,
    BillingExportsService,
  ],
})
export class PaymentsModule {}
