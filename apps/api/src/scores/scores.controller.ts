import { Body, Controller, Get, Headers, Post, Put, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type {
  CompanyScoreView,
  CompoundRatingView,
  ScoreBoardView,
  ScoreListSummary,
  ScoreListView,
  ScoreSchemeView,
} from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Public, Requires } from '../common/auth/route-access';
import { sendCsv } from '../common/csv/csv';
import { IdParam } from '../common/http/validation';
import { SheetWriter } from '../common/xlsx/sheet-writer';
import { ProducesXlsx, sendXlsx } from '../common/xlsx/xlsx-reply';
import { PublishScoreListDto, ScoreListsQueryDto, ScoreMonthQueryDto, UpdateScoreSchemeDto } from './dto/scores.dto';
import { scoreCsv, scoresFilename, scoreSheets } from './scores-export';
import { ScoresService } from './scores.service';

/** 物业定星、小区定级 and the 红黑榜: schemes, the month's board, published lists and what they say. */
@ApiTags('scores')
@Controller()
export class ScoresController {
  constructor(
    private readonly scores: ScoresService,
    private readonly sheets: SheetWriter,
  ) {}

  @Public()
  @Get('streets/:id/score-scheme')
  scheme(@IdParam() id: number): Promise<ScoreSchemeView> {
    return this.scores.scheme(id);
  }

  @Requires('score.publish')
  @Put('streets/:id/score-scheme')
  updateScheme(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Body() dto: UpdateScoreSchemeDto,
  ): Promise<ScoreSchemeView> {
    return this.scores.updateScheme(caller, id, dto);
  }

  @Requires('ticket.read')
  @Get('streets/:id/scores')
  board(@CurrentCaller() caller: Caller, @IdParam() id: number, @Query() q: ScoreMonthQueryDto): Promise<ScoreBoardView> {
    return this.scores.board(caller, id, q.month);
  }

  @Requires('ticket.read')
  @ProducesXlsx()
  @Get('streets/:id/scores.xlsx')
  async boardXlsx(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() q: ScoreMonthQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const board = await this.scores.board(caller, id, q.month);
    const sheets = scoreSheets(board, await this.scores.scheme(id));
    return sendXlsx(reply, { filename: scoresFilename(board, 'xlsx'), body: await this.sheets.write(sheets) });
  }

  @Requires('ticket.read')
  @ApiProduces('text/csv')
  @Get('streets/:id/scores.csv')
  async boardCsv(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() q: ScoreMonthQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const board = await this.scores.board(caller, id, q.month);
    return sendCsv(reply, scoresFilename(board, 'csv'), scoreCsv(board));
  }

  @Requires('score.publish')
  @Post('streets/:id/score-lists')
  publish(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Body() dto: PublishScoreListDto,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ScoreListView> {
    return this.scores.publish(caller, id, dto, key);
  }

  @Public()
  @Get('streets/:id/score-lists')
  summaries(@IdParam() id: number, @Query() q: ScoreListsQueryDto): Promise<ScoreListSummary[]> {
    return this.scores.summaries(id, q.month);
  }

  @Public()
  @Get('score-lists/:id')
  list(@IdParam() id: number): Promise<ScoreListView> {
    return this.scores.list(id);
  }

  @Requires('ticket.read')
  @Get('companies/:id/score')
  company(@CurrentCaller() caller: Caller, @IdParam() id: number, @Query() q: ScoreMonthQueryDto): Promise<CompanyScoreView> {
    return this.scores.companyScore(caller, id, q.month);
  }

  @Public()
  @Get('compounds/:id/rating')
  rating(@IdParam() id: number): Promise<CompoundRatingView> {
    return this.scores.compoundRating(id);
  }
}
