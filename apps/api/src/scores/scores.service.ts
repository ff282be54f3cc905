import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DEFAULT_SCORE_SCHEME,
  type CompanyScoreView,
  type CompoundRatingView,
  type FigureSubject,
  type Figures,
  type ScoreBoardView,
  type ScoreListSummary,
  type ScoreListView,
  type ScoreRow,
  type ScoreSchemeSettings,
  type ScoreSchemeView,
} from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/database/db-errors';
import { lockRow } from '../common/database/locks';
import { conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { validationFailed } from '../common/http/validation';
import { shanghaiMonth } from '../common/shanghai-time';
import { iso } from '../common/time';
import { emptyCounts, withRates } from '../figures/figure-math';
import { FiguresService, handlerOf, rollUp } from '../figures/figures.service';
import { User } from '../users/user.entity';
import type { PublishScoreListDto, UpdateScoreSchemeDto } from './dto/scores.dto';
import { rankHandlers, schemeProblems, scoreOf } from './score-math';
import { ScoreList, ScoreListRow } from './score-list.entity';
import { ScoreScheme } from './score-scheme.entity';

const SETTINGS_KEYS = Object.keys(DEFAULT_SCORE_SCHEME) as Array<keyof ScoreSchemeSettings>;
const settingsOf = (dto: ScoreSchemeSettings): ScoreSchemeSettings =>
  Object.fromEntries(SETTINGS_KEYS.map((k) => [k, dto[k]])) as unknown as ScoreSchemeSettings;

function rowView(r: ScoreListRow): ScoreRow {
  return {
    subject: { type: r.subjectType, id: r.subjectId, name: r.subjectName },
    score: r.scoreTenths === null ? null : r.scoreTenths / 10,
    stars: r.stars,
    grade: r.grade,
    deductions: JSON.parse(r.deductions),
    vetoTickets: r.vetoTickets,
    rank: r.rankNo,
    list: r.place,
    figures: JSON.parse(r.figures) as Figures,
  };
}

function summary(l: ScoreList): ScoreListSummary {
  return {
    id: l.id,
    streetId: l.streetId,
    month: l.month,
    version: l.version,
    reason: l.reason,
    publishedAt: iso(l.createdAt),
    publishedByName: l.publishedByName,
  };
}

/**
 * 物业定星、小区定级 and the 红黑榜. The board is computed from the figures on demand; publishing freezes
 * it into score_lists / score_list_rows, which nothing edits afterwards: a later change to a ticket
 * moves the board, never a published list, and publishing again is a new version with its reason.
 */
@Injectable()
export class ScoresService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly figures: FiguresService,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
  ) {}

  async scheme(streetId: number): Promise<ScoreSchemeView> {
    await this.requireStreet(streetId);
    const row = await this.db.getRepository(ScoreScheme).findOneBy({ streetId });
    if (!row) return { streetId, version: 0, updatedAt: null, ...DEFAULT_SCORE_SCHEME };
    return {
      streetId,
      version: row.version,
      updatedAt: iso(row.updatedAt),
      ...DEFAULT_SCORE_SCHEME,
      ...JSON.parse(row.settings),
    };
  }

  async updateScheme(caller: Caller, streetId: number, dto: UpdateScoreSchemeDto): Promise<ScoreSchemeView> {
    await this.access.require(caller, 'score.publish', { type: 'street', id: streetId });
    const settings = settingsOf(dto);
    const problems = schemeProblems(settings);
    if (problems.length) throw unprocessable('SCORE_SCHEME_INVALID', { problems });
    const repo = this.db.getRepository(ScoreScheme);
    if (dto.version === 0) {
      try {
        await repo.insert({ streetId, settings: JSON.stringify(settings), updatedById: caller.userId });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('VERSION_CONFLICT');
        throw error;
      }
    } else {
      const res = await repo
        .createQueryBuilder()
        .update(ScoreScheme)
        .set({ settings: JSON.stringify(settings), updatedById: caller.userId, version: () => 'version + 1' })
        .where('street_id = :streetId AND version = :version', { streetId, version: dto.version })
        .execute();
      if (!res.affected) throw conflict('VERSION_CONFLICT');
    }
    return this.scheme(streetId);
  }

  /** The month as it stands now, for the street (ticket.read on it). */
  async board(caller: Caller, streetId: number, month: string): Promise<ScoreBoardView> {
    await this.access.require(caller, 'ticket.read', { type: 'street', id: streetId });
    this.requireNotAhead(month);
    return this.compute(streetId, month);
  }

  async compute(streetId: number, month: string): Promise<ScoreBoardView> {
    const scheme = await this.scheme(streetId);
    const info = await this.figures.scope('street', streetId);
    const counts = (await this.figures.counts(info, [month])).get(month)!;
    const handlers = rankHandlers(
      rollUp(info.compounds, counts, handlerOf).map((r) => scoreOf(r.subject, r.figures, scheme)),
      scheme,
    );
    const compounds = info.compounds.map((c) =>
      scoreOf({ type: 'compound', id: c.id, name: c.name }, withRates(counts.get(c.id) ?? emptyCounts()), scheme),
    );
    return {
      streetId,
      streetName: info.subject.name,
      month,
      schemeVersion: scheme.version,
      handlers,
      compounds,
      computedAt: iso(this.clock.now()),
    };
  }

  /** Freezes the board of a finished month. Retries with the same Idempotency-Key give the same list. */
  async publish(caller: Caller, streetId: number, dto: PublishScoreListDto, key: string | undefined): Promise<ScoreListView> {
    await this.access.require(caller, 'score.publish', { type: 'street', id: streetId });
    if (dto.month >= shanghaiMonth(this.clock.now()).label) throw unprocessable('SCORE_MONTH_NOT_FINISHED');
    const board = await this.compute(streetId, dto.month);
    const { resourceId } = await this.idempotency.run(
      caller.userId,
      'score-list',
      key,
      { streetId, ...dto },
      (tx) => this.insertList(tx, caller, board, dto),
      { serialize: (tx) => lockRow(tx, 'streets', streetId) },
    );
    return this.list(resourceId);
  }

  private async insertList(tx: EntityManager, caller: Caller, board: ScoreBoardView, dto: PublishScoreListDto): Promise<number> {
    const { streetId } = board;
    const [latest] = await tx.getRepository(ScoreList).find({
      where: { streetId, month: dto.month },
      order: { version: 'DESC' },
      take: 1,
    });
    if (latest && !dto.reason) throw unprocessable('SCORE_REPUBLISH_REASON_REQUIRED');
    const publisher = await tx.getRepository(User).findOneByOrFail({ id: caller.userId });
    const list = await tx.getRepository(ScoreList).save({
      streetId,
      month: dto.month,
      version: (latest?.version ?? 0) + 1,
      reason: dto.reason ?? null,
      schemeVersion: board.schemeVersion,
      publishedById: caller.userId,
      publishedByName: publisher.name,
    });
    const frozen = (kind: 'handler' | 'compound', r: ScoreRow) => ({
      listId: list.id,
      kind,
      subjectType: r.subject.type,
      subjectId: r.subject.id,
      subjectName: r.subject.name.slice(0, 100),
      scoreTenths: r.score === null ? null : Math.round(r.score * 10),
      stars: r.stars,
      grade: r.grade,
      rankNo: r.rank,
      place: r.list,
      vetoTickets: r.vetoTickets,
      deductions: JSON.stringify(r.deductions),
      figures: JSON.stringify(r.figures),
    });
    const rows = [...board.handlers.map((r) => frozen('handler', r)), ...board.compounds.map((r) => frozen('compound', r))];
    for (let i = 0; i < rows.length; i += 200) await tx.getRepository(ScoreListRow).insert(rows.slice(i, i + 200));
    return list.id;
  }

  async summaries(streetId: number, month?: string): Promise<ScoreListSummary[]> {
    await this.requireStreet(streetId);
    const lists = await this.db.getRepository(ScoreList).find({
      where: { streetId, ...(month ? { month } : {}) },
      order: { month: 'DESC', version: 'DESC' },
      take: 100,
    });
    return lists.map(summary);
  }

  /** Public: what was published — the red and black lists and the compounds' grades. */
  async list(id: number): Promise<ScoreListView> {
    const list = await this.db.getRepository(ScoreList).findOneBy({ id });
    if (!list) throw notFound('SCORE_LIST_NOT_FOUND');
    const rows = await this.db.getRepository(ScoreListRow).find({ where: { listId: id }, order: { id: 'ASC' } });
    const handlers = rows.filter((r) => r.kind === 'handler').map(rowView);
    const later = await this.db.getRepository(ScoreList).countBy({ streetId: list.streetId, month: list.month });
    const [street] = await this.db.query('SELECT name FROM streets WHERE id = ?', [list.streetId]);
    return {
      ...summary(list),
      streetName: String(street.name),
      schemeVersion: list.schemeVersion,
      red: handlers.filter((r) => r.list === 'red'),
      black: handlers.filter((r) => r.list === 'black'),
      compounds: rows
        .filter((r) => r.kind === 'compound')
        .map((r) => ({
          subject: { type: r.subjectType, id: r.subjectId, name: r.subjectName },
          grade: r.grade,
          score: r.scoreTenths === null ? null : r.scoreTenths / 10,
        })),
      superseded: later > list.version,
    };
  }

  /** The company's own rows, latest version per street, for the month: its figures and why it lost points. */
  async companyScore(caller: Caller, companyId: number, month: string): Promise<CompanyScoreView> {
    await this.figures.readableScope(caller, 'company', companyId);
    const rows = await this.db
      .getRepository(ScoreListRow)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.list', 'l')
      .where("r.kind = 'handler' AND r.subject_type = 'company' AND r.subject_id = :companyId AND l.month = :month", {
        companyId,
        month,
      })
      .orderBy('l.street_id')
      .addOrderBy('l.version', 'DESC')
      .getMany();
    const latest = new Map<number, ScoreListRow>();
    for (const r of rows) if (!latest.has(r.list!.streetId)) latest.set(r.list!.streetId, r);
    return {
      companyId,
      month,
      rows: [...latest.values()].map((r) => ({ list: summary(r.list!), row: rowView(r) })),
    };
  }

  /** Public, for the compound's board: the latest published verdict on its handler, and its grade. */
  async compoundRating(compoundId: number): Promise<CompoundRatingView> {
    const [c] = await this.db.query(
      `SELECT k.id, k.name, k.company_id, k.community_id, cm.name AS community_name, cm.street_id, p.name AS company_name
         FROM compounds k JOIN communities cm ON cm.id = k.community_id LEFT JOIN property_companies p ON p.id = k.company_id
        WHERE k.id = ?`,
      [compoundId],
    );
    if (!c) throw notFound('COMPOUND_NOT_FOUND');
    const none: CompoundRatingView = {
      compoundId,
      month: null,
      listId: null,
      handler: null,
      stars: null,
      score: null,
      list: null,
      rank: null,
      ranked: 0,
      grade: null,
    };
    const [list] = await this.db.getRepository(ScoreList).find({
      where: { streetId: Number(c.street_id) },
      order: { month: 'DESC', version: 'DESC' },
      take: 1,
    });
    if (!list) return none;
    const handler: FigureSubject = handlerOf({
      id: compoundId,
      name: String(c.name),
      communityId: Number(c.community_id),
      communityName: String(c.community_name),
      companyId: c.company_id === null ? null : Number(c.company_id),
      companyName: c.company_name === null ? null : String(c.company_name),
    });
    const rows = this.db.getRepository(ScoreListRow);
    const handlerRow = await rows.findOneBy({
      listId: list.id,
      kind: 'handler',
      subjectType: handler.type,
      subjectId: handler.id,
    });
    const compoundRow = await rows.findOneBy({ listId: list.id, kind: 'compound', subjectId: compoundId });
    const ranked = await rows
      .createQueryBuilder('r')
      .where("r.list_id = :id AND r.kind = 'handler' AND r.rank_no IS NOT NULL", { id: list.id })
      .getCount();
    return {
      ...none,
      month: list.month,
      listId: list.id,
      handler: handlerRow ? { ...handler, name: handlerRow.subjectName } : handler,
      stars: handlerRow?.stars ?? null,
      score: handlerRow?.scoreTenths == null ? null : handlerRow.scoreTenths / 10,
      list: handlerRow?.place ?? null,
      rank: handlerRow?.rankNo ?? null,
      ranked,
      grade: compoundRow?.grade ?? null,
    };
  }

  private async requireStreet(id: number): Promise<void> {
    const [row] = await this.db.query('SELECT id FROM streets WHERE id = ?', [id]);
    if (!row) throw notFound('STREET_NOT_FOUND');
  }

  private requireNotAhead(month: string): void {
    if (month > shanghaiMonth(this.clock.now()).label) {
      throw validationFailed([{ field: 'month', problems: ['month must not be after the current month'] }]);
    }
  }
}
