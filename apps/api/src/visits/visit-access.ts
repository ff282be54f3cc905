import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AccessService } from '../access/access.service';
import { allows, PLATFORM, scopeKey, scopesWith, type ScopeKey } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { applyScopeFilter } from '../common/database/scope-filter';
import { unprocessable } from '../common/errors/domain-error';

/** Column expressions of a list query: the row's grid and community. */
export interface CareColumns {
  grid: string;
  community: string;
}

/**
 * Who sees and logs 民情走访. Care tags, visits and their notes are `household.care` (the grid's
 * workers and the community above it); logging visits is `visit.log`. A household is reached through
 * its building's grid; a public place of a compound through any of the compound's buildings in the
 * caller's grids, or the compound's community.
 */
@Injectable()
export class VisitAccess {
  constructor(
    private readonly access: AccessService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Restricts a list to rows in the caller's household.care scopes (grid, community, street, platform). */
  filter<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    caller: Caller,
    columns: CareColumns,
    extra: Array<{ sql: string; params?: ObjectLiteral }> = [],
  ): SelectQueryBuilder<T> {
    return applyScopeFilter(
      qb,
      scopesWith(caller.assignments, 'household.care'),
      {
        grid: columns.grid,
        community: columns.community,
        street: (p) => `${columns.community} IN (SELECT sc.id FROM communities sc WHERE sc.street_id IN (:...${p}))`,
      },
      extra,
    );
  }

  /** The household's grid (for the visit row); refused per visit when it is not the caller's to visit. */
  async householdToVisit(caller: Caller, householdId: number): Promise<{ gridId: number | null }> {
    const chain = await this.access.chain({ type: 'household', id: householdId });
    if (!chain || !allows(caller.assignments, 'visit.log', chain)) {
      throw unprocessable('VISIT_HOUSEHOLD_OUT_OF_SCOPE', [{ field: 'householdId', problems: ['not in your grids'] }]);
    }
    const grid = chain.find((k) => k.startsWith('grid:'));
    return { gridId: grid ? Number(grid.slice('grid:'.length)) : null };
  }

  /**
   * A public place of a compound: the caller logs visits in its community, or works a grid that covers
   * one of its buildings (that grid goes on the visit).
   */
  async compoundToVisit(caller: Caller, compoundId: number): Promise<{ gridId: number | null }> {
    const chain = await this.access.chain({ type: 'compound', id: compoundId });
    const refused = unprocessable('VISIT_PLACE_OUT_OF_SCOPE', [{ field: 'compoundId', problems: ['not in your grids'] }]);
    if (!chain) throw refused;
    const grids = scopesWith(caller.assignments, 'visit.log').get('grid') ?? [];
    if (grids.length) {
      const rows: Array<{ grid_id: number | string }> = await this.db.query(
        `SELECT DISTINCT grid_id FROM buildings WHERE compound_id = ? AND grid_id IN (${grids.map(() => '?').join(',')})`,
        [compoundId, ...grids],
      );
      if (rows.length) return { gridId: Math.min(...rows.map((r) => Number(r.grid_id))) };
    }
    if (allows(caller.assignments, 'visit.log', chain)) return { gridId: null };
    throw refused;
  }

  /** May the caller read this visit (its notes and photos)? Its worker, or household.care over where it was. */
  async mayRead(caller: Caller, visit: { workerId: number; gridId: number | null; communityId: number }): Promise<boolean> {
    if (visit.workerId === caller.userId) return true;
    return allows(caller.assignments, 'household.care', await this.visitChain(visit));
  }

  /**
   * Who reads a community's care frequencies: household.care on the community (or above), or on one of
   * its grids — a grid worker's due dates are computed from them.
   */
  async readCommunity(caller: Caller, communityId: number): Promise<void> {
    const grids = scopesWith(caller.assignments, 'household.care').get('grid') ?? [];
    if (grids.length) {
      const rows: unknown[] = await this.db.query(
        `SELECT id FROM grids WHERE community_id = ? AND id IN (${grids.map(() => '?').join(',')})`,
        [communityId, ...grids],
      );
      if (rows.length) return;
    }
    await this.access.require(caller, 'household.care', { type: 'community', id: communityId });
  }

  private async visitChain(visit: { gridId: number | null; communityId: number }): Promise<ScopeKey[]> {
    const community = (await this.access.chain({ type: 'community', id: visit.communityId })) ?? [PLATFORM];
    return visit.gridId === null ? community : [scopeKey('grid', visit.gridId), ...community];
  }
}
