import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { FiguresView, FigureTicketRow, Page } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires } from '../common/auth/route-access';
import { sendCsv } from '../common/csv/csv';
import { SheetWriter } from '../common/xlsx/sheet-writer';
import { ProducesXlsx, sendXlsx } from '../common/xlsx/xlsx-reply';
import { FiguresQueryDto, FigureTicketsQueryDto } from './dto/figures.dto';
import { figuresCsv, figuresFilename, figuresSheets } from './figures-export';
import { FiguresService } from './figures.service';

/** 考核指标: a street's, community's, company's or compound's month, its drill-down and exports. */
@ApiTags('figures')
@Controller('figures')
export class FiguresController {
  constructor(
    private readonly figures: FiguresService,
    private readonly sheets: SheetWriter,
  ) {}

  @Requires('ticket.read')
  @Get()
  view(@CurrentCaller() caller: Caller, @Query() q: FiguresQueryDto): Promise<FiguresView> {
    return this.figures.view(caller, q.scope, q.id, q.month);
  }

  @Requires('ticket.read')
  @Get('tickets')
  tickets(@CurrentCaller() caller: Caller, @Query() q: FigureTicketsQueryDto): Promise<Page<FigureTicketRow>> {
    return this.figures.tickets(caller, q);
  }

  @Requires('ticket.read')
  @ProducesXlsx()
  @Get('export.xlsx')
  async xlsx(
    @CurrentCaller() caller: Caller,
    @Query() q: FiguresQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const view = await this.figures.view(caller, q.scope, q.id, q.month);
    return sendXlsx(reply, { filename: figuresFilename(view, 'xlsx'), body: await this.sheets.write(figuresSheets(view)) });
  }

  @Requires('ticket.read')
  @ApiProduces('text/csv')
  @Get('export.csv')
  async csv(
    @CurrentCaller() caller: Caller,
    @Query() q: FiguresQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const view = await this.figures.view(caller, q.scope, q.id, q.month);
    return sendCsv(reply, figuresFilename(view, 'csv'), figuresCsv(view));
  }
}
