import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { BoardView, Page, SimilarTicketView, TicketAction, TicketEventView, TicketView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Public, Requires, SignedIn } from '../common/auth/route-access';
import { ProducesXlsx, sendXlsx } from '../common/xlsx/xlsx-reply';
import { IdParam } from '../common/http/validation';
import { BoardService } from './board.service';
import {
  AssignDto,
  CommentDto,
  CreateTicketDto,
  FollowUpDto,
  HandBackDto,
  InboxQuery,
  MergeDto,
  MyTicketsQuery,
  PauseDto,
  RateDto,
  ReassignDto,
  RejectDto,
  ResolveDto,
  SimilarQuery,
  TasksQuery,
  TicketExportQuery,
  TicketSearchQueryDto,
  TransitionDto,
  UrgeDto,
} from './dto/tickets.dto';
import { CommentsService } from './comments.service';
import { FollowersService } from './followers.service';
import { IntakeService } from './intake.service';
import { TicketExportService } from './ticket-export.service';
import { TicketQueriesService } from './ticket-queries.service';
import { WorkflowService } from './workflow.service';

@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly intake: IntakeService,
    private readonly queries: TicketQueriesService,
    private readonly followers: FollowersService,
    private readonly comments: CommentsService,
    private readonly workflow: WorkflowService,
    private readonly exporter: TicketExportService,
  ) {}

  /** Report a problem. Send an Idempotency-Key: a retry returns the first ticket (200) instead of a second one. */
  @SignedIn()
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–64 characters, one per report' })
  async create(
    @CurrentCaller() caller: Caller,
    @Body() dto: CreateTicketDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketView> {
    const { view, replayed } = await this.intake.report(caller, dto, key);
    reply.status(replayed ? 200 : 201);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return view;
  }

  @SignedIn()
  @Get('mine')
  mine(@CurrentCaller() caller: Caller, @Query() query: MyTicketsQuery): Promise<Page<TicketView>> {
    return this.queries.mine(caller, query);
  }

  /** 我关注的: tickets the caller follows, newest first, shown as a follower sees them. */
  @SignedIn()
  @Get('following')
  following(@CurrentCaller() caller: Caller, @Query() query: MyTicketsQuery): Promise<Page<TicketView>> {
    return this.queries.following(caller, query);
  }

  /** Open tickets the caller's organisation handles, nearest deadline first. */
  @Requires('ticket.handle')
  @Get('inbox')
  inbox(@CurrentCaller() caller: Caller, @Query() query: InboxQuery): Promise<Page<TicketView>> {
    return this.queries.inbox(caller, query);
  }

  /** Open tickets assigned to the caller, nearest deadline first; `done=true`: those they finished (已完成). */
  @Requires('ticket.work')
  @Get('tasks')
  tasks(@CurrentCaller() caller: Caller, @Query() query: TasksQuery): Promise<Page<TicketView>> {
    return this.queries.tasks(caller, query);
  }

  /** Escalated tickets, appeals and complaints about companies (督办). */
  @Requires('ticket.supervise')
  @Get('supervision')
  supervision(@CurrentCaller() caller: Caller, @Query() query: InboxQuery): Promise<Page<TicketView>> {
    return this.queries.supervision(caller, query);
  }

  /** 工单查询: one compound's tickets, closed ones included, newest first, filtered. */
  @Requires('ticket.read')
  @Get()
  search(@CurrentCaller() caller: Caller, @Query() query: TicketSearchQueryDto): Promise<Page<TicketView>> {
    return this.queries.search(caller, query);
  }

  /**
   * The same search as an XLSX workbook, at most LIMITS.exportMaxRows rows (422 EXPORT_TOO_LARGE when
   * more match: narrow the search). Reporters' phone numbers as the ticket view shows them (seesPhone).
   */
  @Requires('ticket.read')
  @Get('export.xlsx')
  @ProducesXlsx()
  async export(
    @CurrentCaller() caller: Caller,
    @Query() query: TicketExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendXlsx(reply, await this.exporter.export(caller, query));
  }

  /**
   * Other people's open tickets at the same place and category, to follow instead of duplicating. No
   * names or homes; a masked snippet of the description for those who could follow.
   */
  @SignedIn()
  @Get('similar')
  similar(@CurrentCaller() caller: Caller, @Query() query: SimilarQuery): Promise<SimilarTicketView[]> {
    return this.followers.similar(caller, query);
  }

  @SignedIn()
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<TicketView> {
    return this.queries.get(caller, id);
  }

  /**
   * Likely duplicates to merge this ticket into: the same compound and category (and building, when it
   * has one), reported recently, open (only what merge accepts), newest first. For the ticket's handler
   * while it may be merged.
   */
  @SignedIn()
  @Get(':id/duplicate-candidates')
  duplicateCandidates(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<TicketView[]> {
    return this.queries.duplicateCandidates(caller, id);
  }

  @SignedIn()
  @Get(':id/events')
  events(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<TicketEventView[]> {
    return this.queries.timeline(caller, id);
  }

  @SignedIn()
  @Post(':id/comments')
  comment(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: CommentDto): Promise<TicketEventView> {
    return this.comments.comment(caller, id, dto);
  }

  /** 我也遇到. */
  @SignedIn()
  @Post(':id/follow')
  @HttpCode(200)
  follow(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<TicketView> {
    return this.followers.follow(caller, id);
  }

  @Requires('ticket.supervise')
  @Post(':id/urge')
  @HttpCode(200)
  urge(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UrgeDto): Promise<TicketView> {
    return this.workflow.urge(caller, id, dto);
  }

  // The transitions of the shared state machine; the service checks who may take each one.
  @SignedIn()
  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: TransitionDto) {
    return this.act(c, id, 'accept', dto);
  }
  @SignedIn()
  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: RejectDto) {
    return this.act(c, id, 'reject', dto);
  }
  @SignedIn()
  @Post(':id/assign')
  @HttpCode(200)
  assign(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: AssignDto) {
    return this.act(c, id, 'assign', dto);
  }
  @SignedIn()
  @Post(':id/transfer')
  @HttpCode(200)
  transfer(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: AssignDto) {
    return this.act(c, id, 'transfer', dto);
  }
  /** 分流: the company is not responsible; the community takes it. */
  @SignedIn()
  @Post(':id/divert')
  @HttpCode(200)
  divert(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: TransitionDto) {
    return this.act(c, id, 'divert', dto);
  }
  @SignedIn()
  @Post(':id/start')
  @HttpCode(200)
  start(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: TransitionDto) {
    return this.act(c, id, 'start', dto);
  }
  @SignedIn()
  @Post(':id/pause')
  @HttpCode(200)
  pause(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: PauseDto) {
    return this.act(c, id, 'pause', dto);
  }
  @SignedIn()
  @Post(':id/resume')
  @HttpCode(200)
  resume(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: TransitionDto) {
    return this.act(c, id, 'resume', dto);
  }
  @SignedIn()
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: ResolveDto) {
    return this.act(c, id, 'resolve', dto);
  }
  @SignedIn()
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: TransitionDto) {
    return this.act(c, id, 'cancel', dto);
  }
  @SignedIn()
  @Post(':id/rate')
  @HttpCode(200)
  rate(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: RateDto) {
    return this.act(c, id, 'rate', dto);
  }
  @SignedIn()
  @Post(':id/reopen')
  @HttpCode(200)
  reopen(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: TransitionDto) {
    return this.act(c, id, 'reopen', dto);
  }
  @SignedIn()
  @Post(':id/appeal')
  @HttpCode(200)
  appeal(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: TransitionDto) {
    return this.act(c, id, 'appeal', dto);
  }
  @SignedIn()
  @Post(':id/uphold')
  @HttpCode(200)
  uphold(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: TransitionDto) {
    return this.act(c, id, 'uphold', dto);
  }
  @SignedIn()
  @Post(':id/reassign')
  @HttpCode(200)
  reassign(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: ReassignDto) {
    return this.act(c, id, 'reassign', dto);
  }
  @SignedIn()
  @Post(':id/merge')
  @HttpCode(200)
  merge(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: MergeDto) {
    return this.act(c, id, 'merge', dto);
  }
  /** 退单: the assignee gives the ticket back to the handler, with a reason. */
  @SignedIn()
  @Post(':id/hand-back')
  @HttpCode(200)
  handBack(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: HandBackDto) {
    return this.act(c, id, 'hand_back', dto);
  }
  /** 回访. */
  @SignedIn()
  @Post(':id/follow-up')
  @HttpCode(200)
  followUp(@CurrentCaller() c: Caller, @IdParam() id: number, @Body() dto: FollowUpDto) {
    return this.act(c, id, 'follow_up', dto);
  }

  private act(caller: Caller, id: number, action: TicketAction, dto: TransitionDto): Promise<TicketView> {
    return this.workflow.act(caller, id, action, dto);
  }
}

@ApiTags('tickets')
@Controller()
export class BoardController {
  constructor(private readonly board: BoardService) {}

  /** The compound's public board (from its QR code): no names, phones or descriptions. */
  @Public()
  @Get('compounds/:id/board')
  getBoard(@IdParam() id: number): Promise<BoardView> {
    return this.board.board(id);
  }
}
