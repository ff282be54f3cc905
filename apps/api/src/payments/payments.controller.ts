import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type {
  ArrearsView,
  BillingRunView,
  BillView,
  BillingSettingsView,
  CollectionRateView,
  FeeItemView,
  HouseholdArrearsView,
  Page,
  PaymentView,
} from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires, SignedIn } from '../common/auth/route-access';
import { Clock } from '../common/clock';
import { IdParam } from '../common/http/validation';
import { BillingReportsService } from './billing-reports.service';
import { BillingRunService } from './billing-run.service';
import { BillsService } from './bills.service';
import {
  ArrearsHouseholdsQueryDto,
  BillActionDto,
  BillingRunDto,
  CollectionRateQueryDto,
  CreateFeeItemDto,
  ListBillsQueryDto,
  ListPaymentsQueryDto,
  MyBillsQueryDto,
  MyPaymentsQueryDto,
  RecordPaymentDto,
  ReversePaymentDto,
  UpdateBillingSettingsDto,
  UpdateFeeItemDto,
} from './dto/payments.dto';
import { FeeItemsService } from './fee-items.service';
import { OfflinePaymentsService } from './offline-payments.service';
import { RefundsService } from './refunds.service';
import { BillingSettingsService } from './billing-settings.service';
import { RefundPaymentDto } from './dto/wechat-pay.dto';

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(
    private readonly feeItems: FeeItemsService,
    private readonly runs: BillingRunService,
    private readonly bills: BillsService,
    private readonly reports: BillingReportsService,
    private readonly offline: OfflinePaymentsService,
    private readonly refunds: RefundsService,
    private readonly settings: BillingSettingsService,
    private readonly clock: Clock,
  ) {}

  /** 收费项目 of a compound, inactive ones included. */
  @Requires('bill.read')
  @Get('compounds/:id/fee-items')
  listFeeItems(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<FeeItemView[]> {
    return this.feeItems.list(caller, id);
  }

  @Requires('fee.write')
  @Post('fee-items')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–64 characters, one per new item' })
  async createFeeItem(
    @CurrentCaller() caller: Caller,
    @Body() dto: CreateFeeItemDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FeeItemView> {
    const { view, replayed } = await this.feeItems.create(caller, dto, key);
    reply.status(replayed ? 200 : 201);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return view;
  }

  @Requires('fee.write')
  @Patch('fee-items/:id')
  updateFeeItem(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateFeeItemDto): Promise<FeeItemView> {
    return this.feeItems.update(caller, id, dto);
  }

  /** A compound's collecting choices (partial payment online). */
  @Requires('bill.read')
  @Get('compounds/:id/billing-settings')
  billingSettings(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<BillingSettingsView> {
    return this.settings.get(caller, id);
  }

  @Requires('bill.write')
  @Patch('compounds/:id/billing-settings')
  updateBillingSettings(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Body() dto: UpdateBillingSettingsDto,
  ): Promise<BillingSettingsView> {
    return this.settings.update(caller, id, dto);
  }

  /** 出账: preview with `dryRun: true`, then run for real. Repeating a run creates nothing new. */
  @Requires('bill.write')
  @Post('compounds/:id/billing-runs')
  @HttpCode(200)
  billingRun(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: BillingRunDto): Promise<BillingRunView> {
    return this.runs.run(caller, id, dto, this.clock.now());
  }

  @Requires('bill.read')
  @Get('bills')
  listBills(@CurrentCaller() caller: Caller, @Query() query: ListBillsQueryDto): Promise<Page<BillView>> {
    return this.bills.list(caller, query);
  }

  /** 我的账单: the bills of the caller's verified households. */
  @SignedIn()
  @Get('me/bills')
  myBills(@CurrentCaller() caller: Caller, @Query() query: MyBillsQueryDto): Promise<Page<BillView>> {
    return this.bills.mine(caller, query);
  }

  /** 减免: forgive what is still owed, with a reason. */
  @Requires('bill.write')
  @Post('bills/:id/waive')
  @HttpCode(200)
  waive(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: BillActionDto): Promise<BillView> {
    return this.bills.waive(caller, id, dto, this.clock.now());
  }

  /** 作废: a wrong bill nothing was paid on. */
  @Requires('bill.write')
  @Post('bills/:id/cancel')
  @HttpCode(200)
  cancel(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: BillActionDto): Promise<BillView> {
    return this.bills.cancel(caller, id, dto, this.clock.now());
  }

  @Requires('bill.read')
  @Get('compounds/:id/arrears')
  arrears(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<ArrearsView> {
    return this.reports.arrears(caller, id, this.clock.now());
  }

  @Requires('bill.read')
  @Get('compounds/:id/arrears/households')
  arrearsHouseholds(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() query: ArrearsHouseholdsQueryDto,
  ): Promise<Page<HouseholdArrearsView>> {
    return this.reports.arrearsHouseholds(caller, id, query, this.clock.now());
  }

  @Requires('bill.read')
  @Get('compounds/:id/collection-rate')
  collectionRate(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() query: CollectionRateQueryDto,
  ): Promise<CollectionRateView> {
    return this.reports.collectionRate(caller, id, query.period);
  }

  /**
   * 线下收款: cash, bank transfer or POS for one household, allocated to its open bills (oldest first, or
   * the named ones). More than they owe is a 422 (no prepayment). The compound's cashiers (staff) may record, not correct.
   */
  @Requires('payment.collect')
  @Post('payments')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–64 characters, one per payment' })
  async recordPayment(
    @CurrentCaller() caller: Caller,
    @Body() dto: RecordPaymentDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentView> {
    const { view, replayed } = await this.offline.record(caller, dto, key, this.clock.now());
    reply.status(replayed ? 200 : 201);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return view;
  }

  @Requires('bill.read')
  @Get('payments')
  listPayments(@CurrentCaller() caller: Caller, @Query() query: ListPaymentsQueryDto): Promise<Page<PaymentView>> {
    return this.offline.list(caller, query);
  }

  /** One payment with its receipt number: the compound's bill.read holders, or a verified member of the household. */
  @SignedIn()
  @Get('payments/:id')
  getPayment(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<PaymentView> {
    return this.offline.get(caller, id);
  }

  /** 收据 as a PDF (A5, Chinese text), to the same people as the payment itself. */
  @SignedIn()
  @Get('payments/:id/receipt.pdf')
  @ApiProduces('application/pdf')
  async receiptPdf(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { pdf, receiptNo } = await this.offline.receipt(caller, id);
    reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="receipt-${receiptNo}.pdf"`)
      .header('cache-control', 'private, no-store');
    return pdf;
  }

  /** 冲正: a counter-entry with a reason; the payment stays as it was. Twice is a 409. */
  @Requires('bill.write')
  @Post('payments/:id/reverse')
  @HttpCode(200)
  reversePayment(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: ReversePaymentDto): Promise<PaymentView> {
    return this.offline.reverse(caller, id, dto, this.clock.now());
  }

  /**
   * 退款 of a WeChat payment, whole or part, through WeChat's refund API: out of its credit first, then
   * off its bills, latest first. Offline payments are reversed instead.
   */
  @Requires('bill.write')
  @Post('payments/:id/refund')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–64 characters, one per refund' })
  refundPayment(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Body() dto: RefundPaymentDto,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<PaymentView> {
    return this.refunds.refund(caller, id, dto, key, this.clock.now());
  }

  /** 缴费记录: the payments of the caller's verified households. */
  @SignedIn()
  @Get('me/payments')
  myPayments(@CurrentCaller() caller: Caller, @Query() query: MyPaymentsQueryDto): Promise<Page<PaymentView>> {
    return this.offline.mine(caller, query);
  }
}
