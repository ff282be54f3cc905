import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ErrorCode, Permission, ResourceType } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { forbidden, notFound } from '../common/errors/domain-error';
import { allows, holdsAnywhere, PLATFORM, reaches, scopeKey, type ScopeKey } from './policy';

export interface Resource {
  type: ResourceType;
  id: number;
}

const NOT_FOUND_CODES: Record<ResourceType, ErrorCode> = {
  platform: 'NOT_FOUND',
  street: 'STREET_NOT_FOUND',
  community: 'COMMUNITY_NOT_FOUND',
  grid: 'GRID_NOT_FOUND',
  company: 'COMPANY_NOT_FOUND',
  compound: 'COMPOUND_NOT_FOUND',
  building: 'BUILDING_NOT_FOUND',
  household: 'HOUSEHOLD_NOT_FOUND',
};

type Row = Record<string, number | string | null>;
const num = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The one place that answers "may this caller do P on this object?". It resolves the object's chain of
 * enclosing scopes (household → building → compound → community → street, plus the building's grid and
 * the compound's company) and matches it against the caller's role assignments.
 */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Throws 404 when the object does not exist or the caller cannot see it at all, 403 when they can see
   * it but lack the permission. Returns the chain for callers that need more checks.
   */
  async require(caller: Caller, permission: Permission, resource: Resource): Promise<ScopeKey[]> {
    const chain = await this.chain(resource);
    if (!chain) throw notFound(NOT_FOUND_CODES[resource.type]);
    if (allows(caller.assignments, permission, chain)) return chain;
    if (resource.type === 'platform' || reaches(caller.assignments, chain)) throw forbidden({ permission });
    throw notFound(NOT_FOUND_CODES[resource.type]);
  }

  async can(caller: Caller, permission: Permission, resource: Resource): Promise<boolean> {
    const chain = await this.chain(resource);
    return !!chain && allows(caller.assignments, permission, chain);
  }

  /** For creates with no parent object (a street, a company): the permission held on the platform or anywhere. */
  requireAnywhere(caller: Caller, permission: Permission): void {
    if (!holdsAnywhere(caller.assignments, permission)) throw forbidden({ permission });
  }

  /** The enclosing scopes of an object, itself first; null when it does not exist. */
  async chain(resource: Resource): Promise<ScopeKey[] | null> {
    switch (resource.type) {
      case 'platform':
        return [PLATFORM];
      case 'street':
        return (await this.exists('streets', resource.id)) ? [scopeKey('street', resource.id), PLATFORM] : null;
      case 'community':
        return this.communityChain(resource.id);
      case 'grid':
        return this.gridChain(resource.id);
      case 'company':
        return this.companyChain(resource.id);
      case 'compound':
        return this.compoundChain(resource.id);
      case 'building':
        return this.buildingChain(resource.id);
      case 'household':
        return this.householdChain(resource.id);
    }
  }

  private async exists(table: string, id: number): Promise<boolean> {
    const rows: Row[] = await this.db.query(`SELECT id FROM ${table} WHERE id = ?`, [id]);
    return rows.length > 0;
  }

  private async communityChain(id: number): Promise<ScopeKey[] | null> {
    const [row]: Row[] = await this.db.query('SELECT street_id FROM communities WHERE id = ?', [id]);
    if (!row) return null;
    return [scopeKey('community', id), scopeKey('street', Number(row.street_id)), PLATFORM];
  }

  private async gridChain(id: number): Promise<ScopeKey[] | null> {
    const [row]: Row[] = await this.db.query(
      'SELECT g.community_id, c.street_id FROM grids g JOIN communities c ON c.id = g.community_id WHERE g.id = ?',
      [id],
    );
    if (!row) return null;
    return [
      scopeKey('grid', id),
      scopeKey('community', Number(row.community_id)),
      scopeKey('street', Number(row.street_id)),
      PLATFORM,
    ];
  }

  /** A company is reached from its own scope and from every compound it serves, and their community and street. */
  private async companyChain(id: number): Promise<ScopeKey[] | null> {
    if (!(await this.exists('property_companies', id))) return null;
    const rows: Row[] = await this.db.query(
      `SELECT k.id AS compound_id, k.community_id, c.street_id
         FROM compounds k JOIN communities c ON c.id = k.community_id WHERE k.company_id = ?`,
      [id],
    );
    const keys = new Set<ScopeKey>([scopeKey('company', id)]);
    for (const r of rows) {
      keys.add(scopeKey('compound', Number(r.compound_id)));
      keys.add(scopeKey('community', Number(r.community_id)));
      keys.add(scopeKey('street', Number(r.street_id)));
    }
    return [...keys, PLATFORM];
  }

  private compoundKeys(row: Row): ScopeKey[] {
    const keys: ScopeKey[] = [scopeKey('compound', Number(row.compound_id))];
    const company = num(row.company_id);
    if (company !== null) keys.push(scopeKey('company', company));
    keys.push(scopeKey('community', Number(row.community_id)), scopeKey('street', Number(row.street_id)), PLATFORM);
    return keys;
  }

  private async compoundChain(id: number): Promise<ScopeKey[] | null> {
    const [row]: Row[] = await this.db.query(
      `SELECT k.id AS compound_id, k.company_id, k.community_id, c.street_id
         FROM compounds k JOIN communities c ON c.id = k.community_id WHERE k.id = ?`,
      [id],
    );
    return row ? this.compoundKeys(row) : null;
  }

  private async buildingChain(id: number): Promise<ScopeKey[] | null> {
    const [row]: Row[] = await this.db.query(
      `SELECT b.grid_id, k.id AS compound_id, k.company_id, k.community_id, c.street_id
         FROM buildings b JOIN compounds k ON k.id = b.compound_id JOIN communities c ON c.id = k.community_id
        WHERE b.id = ?`,
      [id],
    );
    if (!row) return null;
    const grid = num(row.grid_id);
    return [scopeKey('building', id), ...(grid !== null ? [scopeKey('grid', grid)] : []), ...this.compoundKeys(row)];
  }

  private async householdChain(id: number): Promise<ScopeKey[] | null> {
    const [row]: Row[] = await this.db.query(
      `SELECT h.building_id, b.grid_id, k.id AS compound_id, k.company_id, k.community_id, c.street_id
         FROM households h JOIN buildings b ON b.id = h.building_id JOIN compounds k ON k.id = h.compound_id
         JOIN communities c ON c.id = k.community_id
        WHERE h.id = ?`,
      [id],
    );
    if (!row) return null;
    const grid = num(row.grid_id);
    return [
      scopeKey('household', id),
      scopeKey('building', Number(row.building_id)),
      ...(grid !== null ? [scopeKey('grid', grid)] : []),
      ...this.compoundKeys(row),
    ];
  }
}
