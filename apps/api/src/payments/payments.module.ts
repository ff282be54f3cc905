import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
  imports: [TypeOrmModule.forFeature([FeeItem, Bill, BillingRun, Payment, PaymentAllocation, PaymentReversal, ReceiptCounter])],
  controllers: [PaymentsController],
  providers: [BillingAccess, FeeItemsService, BillingRunService, BillsService, BillingReportsService, OfflinePaymentsService],
})
export class PaymentsModule {}
