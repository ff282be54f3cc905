import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { BillReminderView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires } from '../common/auth/route-access';
import { Clock } from '../common/clock';
import { IdParam } from '../common/http/validation';
import { ProducesXlsx, sendXlsx } from '../common/xlsx/xlsx-reply';
import { BillRemindersService } from './bill-reminders.service';
import { BillingExportsService } from './billing-exports.service';
import { BillReminderDto, BillsExportQueryDto, PaymentsExportQueryDto } from './dto/billing-extras.dto';

/** 催缴 and the XLSX exports of a compound's bills, payments and arrears. */
@ApiTags('payments')
@Controller('compounds/:id')
export class BillingExtrasController {
  constructor(
    private readonly reminders: BillRemindersService,
    private readonly exports: BillingExportsService,
    private readonly clock: Clock,
  ) {}

  /** 催缴: each open bill at most once per `round`; one message per household. `dryRun: true` only counts. */
  @Requires('bill.write')
  @Post('bill-reminders')
  @HttpCode(200)
  remind(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: BillReminderDto): Promise<BillReminderView> {
    return this.reminders.remind(caller, id, dto, this.clock.now());
  }

  @Requires('bill.read')
  @Get('bills.xlsx')
  @ProducesXlsx()
  async bills(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() query: BillsExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendXlsx(reply, await this.exports.bills(caller, id, query));
  }

  @Requires('bill.read')
  @Get('payments.xlsx')
  @ProducesXlsx()
  async payments(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() query: PaymentsExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendXlsx(reply, await this.exports.payments(caller, id, query));
  }

  @Requires('bill.read')
  @Get('arrears.xlsx')
  @ProducesXlsx()
  async arrears(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendXlsx(reply, await this.exports.arrears(caller, id));
  }
}
