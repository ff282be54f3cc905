import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type {
  CareTag,
  CoverageCommunityView,
  CoverageFigures,
  CoverageGridRow,
  CoverageGridView,
  CoverageWorkerRow,
} from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { basisPoints } from '../common/basis-points';
import { Clock } from '../common/clock';
import { validationFailed } from '../common/http/validation';
import { shanghaiMonth, shanghaiMonthBounds } from '../common/shanghai-time';
import { rawTime } from '../common/time';
import { CareFrequencyService } from './care-frequency.service';
import { frequencyDays, type CareSchedule } from './care-schedule';
import { keptSchedule } from './coverage';

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v);

/** A grid's households and its period's visits, read once and counted per grid and per worker. */
interface GridFacts {
  households: Array<{ id: number; gridId: number; enteredAt: Date }>;
  tags: Map<number, CareTag[]>;
  /** Last met visit before the period, per care household. */
  lastBefore: Map<number, Date>;
  visits: Array<{ householdId: number; gridId: number; workerId: number; met: boolean; followUp: string | null; at: Date }>;
}

interface Window {
  start: Date;
  end: Date;
  /** Where on-schedule stops being judged: the period's end, or now within the current month. */
  judgedUntil: Date;
}

/**
 * 走访覆盖率 per grid, per worker and per community, computed from visits (see CoverageFigures for the
 * definitions). Households are reached through their building's current grid, so a building moved to
 * another grid takes its history with it.
 */
@Injectable()
export class CoverageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly frequencies: CareFrequencyService,
    private readonly clock: Clock,
  ) {}

  async ofGrid(caller: Caller, gridId: number, period: string): Promise<CoverageGridView> {
    await this.access.require(caller, 'household.care', { type: 'grid', id: gridId });
    const window = this.window(period);
    const [grid] = await this.gridsWhere('g.id = ?', gridId);
    const facts = await this.facts([grid.id], window);
    const schedule = (await this.frequencies.schedules([grid.communityId])).get(grid.communityId)!;
    return {
      ...this.gridRow(grid, facts, schedule, window),
      communityId: grid.communityId,
      period,
      workers: await this.workerRows(grid.id, facts),
    };
  }

  async ofCommunity(caller: Caller, communityId: number, period: string): Promise<CoverageCommunityView> {
    await this.access.require(caller, 'household.care', { type: 'community', id: communityId });
    const window = this.window(period);
    const grids = await this.gridsWhere('g.community_id = ?', communityId);
    const facts = await this.facts(
      grids.map((g) => g.id),
      window,
    );
    const schedule = (await this.frequencies.schedules([communityId])).get(communityId)!;
    const rows = grids.map((g) => this.gridRow(g, facts, schedule, window));
    return { communityId, period, grids: rows, total: totalOf(rows) };
  }

  /** The month's bounds; a month not yet begun has no figures. */
  private window(period: string): Window {
    const now = this.clock.now();
    if (period > shanghaiMonth(now).label) {
      throw validationFailed([{ field: 'period', problems: ['period must not be after the current month'] }]);
    }
    const { start, end } = shanghaiMonthBounds(period);
    return { start, end, judgedUntil: end < now ? end : now };
  }

  private async gridsWhere(where: string, id: number): Promise<Array<{ id: number; name: string; communityId: number }>> {
    const rows: Row[] = await this.db.query(`SELECT g.id, g.name, g.community_id FROM grids g WHERE ${where} ORDER BY g.id`, [
      id,
    ]);
    return rows.map((r) => ({ id: num(r.id), name: String(r.name), communityId: num(r.community_id) }));
  }

  /**
   * Four reads for all the grids at once, each through the grids' buildings (no id lists to slice);
   * built queries, so the dates are bound the same way on every dialect.
   */
  private async facts(gridIds: number[], w: Window): Promise<GridFacts> {
    if (!gridIds.length) return { households: [], tags: new Map(), lastBefore: new Map(), visits: [] };
    const inGrids = (...select: string[]) =>
      this.db
        .createQueryBuilder()
        .select(select)
        .from('households', 'h')
        .innerJoin('buildings', 'b', 'b.id = h.building_id')
        .where('b.grid_id IN (:...gridIds) AND h.created_at < :end', { gridIds, end: w.end });
    const households: Row[] = await inGrids('h.id AS id', 'b.grid_id AS grid_id', 'h.created_at AS created_at').getRawMany();
    const tags: Row[] = await inGrids('t.household_id AS household_id', 't.tag AS tag')
      .innerJoin('household_tags', 't', 't.household_id = h.id')
      .getRawMany();
    const lastBefore: Row[] = await inGrids('v.household_id AS household_id', 'MAX(v.visited_at) AS last')
      .innerJoin('visits', 'v', 'v.household_id = h.id')
      .andWhere("v.outcome = 'met' AND v.visited_at < :start", { start: w.start })
      .andWhere('EXISTS (SELECT 1 FROM household_tags ct WHERE ct.household_id = h.id)')
      .groupBy('v.household_id')
      .getRawMany();
    const visits: Row[] = await inGrids(
      'v.household_id AS household_id',
      'b.grid_id AS grid_id',
      'v.worker_id AS worker_id',
      'v.outcome AS outcome',
      'v.follow_up_outcome AS follow_up_outcome',
      'v.visited_at AS visited_at',
    )
      .innerJoin('visits', 'v', 'v.household_id = h.id')
      .andWhere('v.visited_at >= :start AND v.visited_at < :end', { start: w.start })
      .getRawMany();
    const tagMap = new Map<number, CareTag[]>();
    for (const r of tags) tagMap.set(num(r.household_id), [...(tagMap.get(num(r.household_id)) ?? []), r.tag as CareTag]);
    return {
      households: households.map((r) => ({ id: num(r.id), gridId: num(r.grid_id), enteredAt: rawTime(r.created_at)! })),
      tags: tagMap,
      lastBefore: new Map(lastBefore.map((r) => [num(r.household_id), rawTime(r.last)!])),
      visits: visits.map((r) => ({
        householdId: num(r.household_id),
        gridId: num(r.grid_id),
        workerId: num(r.worker_id),
        met: r.outcome === 'met',
        followUp: (r.follow_up_outcome as string | null) ?? null,
        at: rawTime(r.visited_at)!,
      })),
    };
  }

  private gridRow(grid: { id: number; name: string }, facts: GridFacts, schedule: CareSchedule, w: Window): CoverageGridRow {
    const households = facts.households.filter((h) => h.gridId === grid.id);
    const visits = facts.visits.filter((v) => v.gridId === grid.id);
    const visited = new Set(visits.filter((v) => v.met).map((v) => v.householdId));
    const care = households.filter((h) => facts.tags.has(h.id));
    const metTimes = new Map<number, Date[]>();
    for (const v of visits) {
      if (!v.met || v.at >= w.judgedUntil) continue;
      const times = metTimes.get(v.householdId) ?? [];
      times.push(v.at);
      metTimes.set(v.householdId, times);
    }
    const onSchedule = care.filter((h) =>
      keptSchedule(
        facts.lastBefore.get(h.id) ?? h.enteredAt,
        metTimes.get(h.id) ?? [],
        w.judgedUntil,
        frequencyDays(facts.tags.get(h.id)!, schedule),
      ),
    );
    return {
      gridId: grid.id,
      gridName: grid.name,
      ...withRates({
        households: households.length,
        visitedHouseholds: visited.size,
        careHouseholds: care.length,
        onScheduleCareHouseholds: onSchedule.length,
        followUps: visits.filter((v) => v.followUp !== null).length,
        satisfiedFollowUps: visits.filter((v) => v.followUp === 'satisfied').length,
      }),
    };
  }

  /** The grid's workers (by role) and whoever else visited its households in the period, by id. */
  private async workerRows(gridId: number, facts: GridFacts): Promise<CoverageWorkerRow[]> {
    const assigned: Row[] = await this.db.query(
      "SELECT DISTINCT user_id FROM role_assignments WHERE role = 'grid_worker' AND scope_type = 'grid' AND scope_id = ?",
      [gridId],
    );
    const ids = [...new Set([...assigned.map((r) => num(r.user_id)), ...facts.visits.map((v) => v.workerId)])].sort(
      (a, b) => a - b,
    );
    if (!ids.length) return [];
    const users: Row[] = await this.db.query(`SELECT id, name FROM users WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
    const names = new Map(users.map((u) => [num(u.id), String(u.name)]));
    const households = facts.households.length;
    return ids.map((workerId) => {
      const mine = facts.visits.filter((v) => v.workerId === workerId);
      const visited = new Set(mine.filter((v) => v.met).map((v) => v.householdId)).size;
      const follow = followUpCounts(mine);
      return {
        workerId,
        workerName: names.get(workerId) ?? '',
        visits: mine.length,
        visitedHouseholds: visited,
        visitRateBp: basisPoints(visited, households),
        ...follow,
      };
    });
  }
}

function followUpCounts(
  visits: GridFacts['visits'],
): Pick<CoverageFigures, 'followUps' | 'satisfiedFollowUps' | 'satisfactionRateBp'> {
  const followUps = visits.filter((v) => v.followUp !== null);
  const satisfied = followUps.filter((v) => v.followUp === 'satisfied').length;
  return {
    followUps: followUps.length,
    satisfiedFollowUps: satisfied,
    satisfactionRateBp: basisPoints(satisfied, followUps.length),
  };
}

type Counts = Pick<
  CoverageFigures,
  'households' | 'visitedHouseholds' | 'careHouseholds' | 'onScheduleCareHouseholds' | 'followUps' | 'satisfiedFollowUps'
>;
const COUNT_KEYS = [
  'households',
  'visitedHouseholds',
  'careHouseholds',
  'onScheduleCareHouseholds',
  'followUps',
  'satisfiedFollowUps',
] as const;

/** Counts and their rates; every rate is computed from counts, never averaged from other rates. */
function withRates(c: Counts): CoverageFigures {
  return {
    ...c,
    visitRateBp: basisPoints(c.visitedHouseholds, c.households),
    onScheduleRateBp: basisPoints(c.onScheduleCareHouseholds, c.careHouseholds),
    satisfactionRateBp: basisPoints(c.satisfiedFollowUps, c.followUps),
  };
}

/** The community's total: the grids' counts summed. */
function totalOf(rows: CoverageGridRow[]): CoverageFigures {
  const counts = Object.fromEntries(COUNT_KEYS.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as Counts;
  return withRates(counts);
}
