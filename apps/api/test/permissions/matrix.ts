import type { Role } from '@doorstep/contracts';
import type { DataSource } from 'typeorm';
import type { Household } from '../../src/households/household.entity';
import type { User } from '../../src/users/user.entity';
import type { Factories } from '../support/factories';

/** Who calls: every role, plus a signed-in person with no role and no household. */
export type Actor = Role | 'stranger';
export const ACTORS: Actor[] = [
  'platform_admin',
  'street_admin',
  'community_admin',
  'grid_worker',
  'building_leader',
  'manager',
  'staff',
  'resident',
  'stranger',
];

export interface Req {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: object;
  /** multipart upload: field name `file` */
  file?: { content: Buffer | string; filename: string; contentType: string };
}

/**
 * Two streets' worth of places. Everything without a 2 is the callers' own scope; everything with a 2
 * belongs to another street, company, community and grid.
 */
export interface World {
  f: Factories & { __db: DataSource };
  street: number;
  street2: number;
  community: number;
  community2: number;
  grid: number;
  grid2: number;
  company: number;
  company2: number;
  compound: number;
  compound2: number;
  building: number;
  building2: number;
  household: Household;
  household2: Household;
  users: Record<Actor, User>;
}

export interface Case {
  /** As Fastify registered it, e.g. `GET /api/v1/streets/:id`. */
  route: string;
  /** Who may call it on their own scope's object; 'signed-in' = anyone signed in; 'public' = anyone at all. */
  allowed: Actor[] | 'signed-in' | 'public';
  own: (w: World, actor: Actor) => Promise<Req> | Req;
  /** The same call on another street's object: only the platform admin (or everyone for 'signed-in'). */
  foreign?: (w: World, actor: Actor) => Promise<Req> | Req;
  /** For lists filtered by scope: true when the response shows `actor` a foreign object. */
  leaks?: (body: any, w: World, actor: Actor) => boolean;
  /**
   * Who may act on the foreign object, when not the usual (the platform admin; everyone on 'signed-in'
   * routes): e.g. nobody may accept another company's ticket, not even the platform admin.
   */
  foreignAllowed?: Actor[];
  /** Allowed on foreign objects only for the platform admin even though the route is 'signed-in'. */
  foreignOnlyPlatform?: boolean;
  /** A private object (someone's unattached photo): the foreign call is refused to everyone, platform admin included. */
  ownerOnly?: boolean;
}

let n = 0;
/** Unique names for objects the matrix creates. */
export const uniq = (prefix: string) => `${prefix}M${++n}`;
export const version = async (w: World, table: string, id: number) =>
  Number((await w.f.__db.query(`SELECT version FROM ${table} WHERE id = ?`, [id]))[0].version);
export const ids = (body: { items: Array<{ id: number }> }) => body.items.map((i) => i.id);
