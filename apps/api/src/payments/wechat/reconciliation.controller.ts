import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Page, ReconciliationDetailView, ReconciliationRunView, ReconciliationView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../../common/auth/caller';
import { Requires } from '../../common/auth/route-access';
import { Clock } from '../../common/clock';
import { IdParam } from '../../common/http/validation';
import { ProducesXlsx, sendXlsx } from '../../common/xlsx/xlsx-reply';
import { ReconciliationListQueryDto, ReconciliationRunDto, ReconciliationScopeQueryDto } from '../dto/reconciliation.dto';
import { ReconciliationService } from './reconciliation.service';

@ApiTags('payments')
@Controller('payments/wechat/reconciliations')
export class ReconciliationController {
  constructor(
    private readonly reconciliations: ReconciliationService,
    private readonly clock: Clock,
  ) {}

  /** 对账 of one Shanghai day (rerun replaces it): whoever runs some compound's money, or the platform. */
  @Requires('bill.write')
  @Post()
  @HttpCode(200)
  run(@Body() dto: ReconciliationRunDto): Promise<ReconciliationRunView> {
    return this.reconciliations.run(dto.date, this.clock.now());
  }

  /** Days reconciled, newest first, with the mismatches of the compound asked about. */
  @Requires('bill.read')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query() q: ReconciliationListQueryDto): Promise<Page<ReconciliationView>> {
    return this.reconciliations.list(caller, q);
  }

  @Requires('bill.read')
  @Get(':id')
  get(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() q: ReconciliationScopeQueryDto,
  ): Promise<ReconciliationDetailView> {
    return this.reconciliations.get(caller, id, q.compoundId);
  }

  /** The same mismatches as an XLSX download. */
  @Requires('bill.read')
  @Get(':id/mismatches.xlsx')
  @ProducesXlsx()
  async export(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() q: ReconciliationScopeQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendXlsx(reply, await this.reconciliations.export(caller, id, q.compoundId, this.clock.now()));
  }
}
