import type { DeepPartial, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ErrorCode, Page, Permission } from '@doorstep/contracts';
import type { AccessService, Resource } from '../access/access.service';
import { scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { applyScopeFilter, type ScopeColumns } from '../common/database/scope-filter';
import { updateVersioned } from '../common/database/versioned-update';
import { notFound } from '../common/errors/domain-error';
import { containsPattern, LIKE_ESCAPE } from '../common/database/like-pattern';
import { byId, keysetPage, type PageQueryDto } from '../common/pagination/keyset';

export type PlaceType = 'street' | 'community' | 'grid' | 'company' | 'compound' | 'building';

export interface PlaceKind {
  type: PlaceType;
  /** The table's alias in every query of this kind (and in its scope columns). */
  alias: string;
  notFound: ErrorCode;
  /**
   * Reading one by id needs no scope: its name and place are public facts a resident needs to find
   * their home (compounds, buildings). Otherwise `<type>.read` on the object.
   */
  publicRead?: boolean;
}

/** What a list of a kind adds to the shared query: its filters and how rows fall in the caller's scopes. */
export interface PlaceListing<E extends ObjectLiteral> {
  narrow?: (qb: SelectQueryBuilder<E>) => void;
  /** Rows the caller sees through `<type>.read` in their scopes; left out, the list is not scoped. */
  scopes?: ScopeColumns;
  /** Conditions that also make a row visible (a resident's own compound). */
  alsoVisible?: Array<{ sql: string; params?: ObjectLiteral }>;
}

type Place = ObjectLiteral & { id: number; version: number };

/**
 * Create, list, get and update of one kind of place, written once: the scope check, keyset pages by
 * id, get-or-404 and the versioned update (409 on a stale version). Each kind's service says what
 * differs: where a new one is created, its list filters and scope columns, its checks and its view.
 */
export abstract class PlaceCrud<E extends Place, V, U extends { version: number }> {
  protected abstract readonly kind: PlaceKind;

  constructor(
    protected readonly repo: Repository<E>,
    protected readonly access: AccessService,
  ) {}

  /** The views of rows as `rows()` loads them, a page at a time. */
  protected abstract present(rows: E[]): V[] | Promise<V[]>;

  /** Where every read starts: the table, with whatever joins the view needs. */
  protected rows(): SelectQueryBuilder<E> {
    return this.repo.createQueryBuilder(this.kind.alias);
  }

  /** A row just written, as the view reads it: kinds whose view needs joins read it again. */
  protected async reload(row: E): Promise<E> {
    return row;
  }

  /** Checks an update against the stored object and returns the columns to write. */
  protected async checkChanges(_id: number, changes: Omit<U, 'version'>): Promise<QueryDeepPartialEntity<E>> {
    // Update DTOs name columns of their entity only (the validation pipe refuses anything else).
    return changes as unknown as QueryDeepPartialEntity<E>;
  }

  async get(caller: Caller, id: number): Promise<V> {
    if (!this.kind.publicRead) await this.access.require(caller, this.permission('read'), this.resource(id));
    const row = await this.rows().where(`${this.kind.alias}.id = :id`, { id }).getOne();
    if (!row) throw notFound(this.kind.notFound);
    return this.viewOf(row);
  }

  async update(caller: Caller, id: number, dto: U): Promise<V> {
    await this.access.require(caller, this.permission('write'), this.resource(id));
    const { version, ...changes } = dto;
    const columns = await this.checkChanges(id, changes);
    const row = await updateVersioned(this.repo, id, version, columns, this.kind.notFound);
    return this.viewOf(await this.reload(row));
  }

  /**
   * Creates one inside `parent` (a street inside the platform, a grid inside its community), or
   * `anywhere` the caller holds the write permission (companies). `values` runs after the check, so
   * an outsider learns nothing from its 422s.
   */
  protected async createIn(
    caller: Caller,
    parent: Resource | 'anywhere',
    values: () => DeepPartial<E> | Promise<DeepPartial<E>>,
  ): Promise<V> {
    if (parent === 'anywhere') this.access.requireAnywhere(caller, this.permission('write'));
    else await this.access.require(caller, this.permission('write'), parent);
    const saved = await this.repo.save(this.repo.create(await values()));
    return this.viewOf(await this.reload(saved));
  }

  /** A keyset page by id of the kind, narrowed by the list's filters, part of the name (`q`) and the caller's scopes. */
  protected async page(caller: Caller, query: PageQueryDto & { q?: string }, listing: PlaceListing<E>): Promise<Page<V>> {
    const qb = this.rows();
    listing.narrow?.(qb);
    if (query.q) qb.andWhere(`${this.kind.alias}.name LIKE :nameq ${LIKE_ESCAPE}`, { nameq: containsPattern(query.q) });
    if (listing.scopes) {
      applyScopeFilter(qb, scopesWith(caller.assignments, this.permission('read')), listing.scopes, listing.alsoVisible);
    }
    const page = await keysetPage(qb, query, byId(this.kind.alias));
    return { items: await this.present(page.items), nextCursor: page.nextCursor };
  }

  private async viewOf(row: E): Promise<V> {
    return (await this.present([row]))[0];
  }

  private permission(access: 'read' | 'write'): Permission {
    return `${this.kind.type}.${access}`;
  }

  private resource(id: number): Resource {
    return { type: this.kind.type, id };
  }
}
