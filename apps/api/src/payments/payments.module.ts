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
import { PaymentsController } from './payments.controller';

/** 缴费, first slice: fee items, billing runs, bills, arrears and collection rate. */
@Module({
  imports: [TypeOrmModule.forFeature([FeeItem, Bill, BillingRun])],
  controllers: [PaymentsController],
  providers: [BillingAccess, FeeItemsService, BillingRunService, BillsService, BillingReportsService],
})
export class PaymentsModule {}
