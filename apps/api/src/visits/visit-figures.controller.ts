import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CoverageCommunityView, CoverageGridView, GridLogDayView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import { ProducesXlsx, sendXlsx } from '../common/xlsx/xlsx-reply';
import { CoverageService } from './coverage.service';
import { CoverageQueryDto, GridLogExportQueryDto, GridLogQueryDto } from './dto/visit-figures.dto';
import { GridLogService } from './grid-log.service';

/** The figures derived from visits: coverage per grid and community, and the grid log (网格日志). */
@ApiTags('visits')
@Controller()
export class VisitFiguresController {
  constructor(
    private readonly coverage: CoverageService,
    private readonly log: GridLogService,
  ) {}

  @Requires('household.care')
  @Get('grids/:id/coverage')
  gridCoverage(@CurrentCaller() caller: Caller, @IdParam() id: number, @Query() q: CoverageQueryDto): Promise<CoverageGridView> {
    return this.coverage.ofGrid(caller, id, q.period);
  }

  @Requires('household.care')
  @Get('communities/:id/coverage')
  communityCoverage(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() q: CoverageQueryDto,
  ): Promise<CoverageCommunityView> {
    return this.coverage.ofCommunity(caller, id, q.period);
  }

  @Requires('household.care')
  @Get('grid/log')
  gridLog(@CurrentCaller() caller: Caller, @Query() q: GridLogQueryDto): Promise<GridLogDayView> {
    return this.log.day(caller, q.date, q.workerId);
  }

  @Requires('household.care')
  @ProducesXlsx()
  @Get('grid/log.xlsx')
  async gridLogExport(
    @CurrentCaller() caller: Caller,
    @Query() q: GridLogExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendXlsx(reply, await this.log.export(caller, q.from, q.to, q.workerId));
  }
}
