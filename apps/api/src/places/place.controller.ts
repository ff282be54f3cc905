import { Body, Get, Patch, Post, Query, type Type } from '@nestjs/common';
import type { Page, Permission } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires, SignedIn } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import type { PageQueryDto } from '../common/pagination/keyset';

export interface PlaceRoutes {
  /** Who may list and read one: holders of the read permission, or anyone signed in (public facts). */
  read: Permission | 'signed-in';
  write: Permission;
  /** The request classes: the validation pipe and the OpenAPI document read them. */
  createBody: Type;
  updateBody: Type;
  listQuery: Type<PageQueryDto>;
}

/** What a place service offers the routes (PlaceCrud and its per-kind create and list). */
export interface PlaceService<V> {
  create(caller: Caller, dto: object): Promise<V>;
  list(caller: Caller, query: PageQueryDto): Promise<Page<V>>;
  get(caller: Caller, id: number): Promise<V>;
  update(caller: Caller, id: number, dto: object): Promise<V>;
}

/**
 * The four routes every kind of place has — POST /, GET /, GET /:id, PATCH /:id — with the access
 * each needs. A kind's controller extends the class this returns, names its path and service, and
 * adds its own routes.
 */
export function PlaceController<V>(routes: PlaceRoutes) {
  const reading = () => (routes.read === 'signed-in' ? SignedIn() : Requires(routes.read));

  abstract class PlaceRoutesBase {
    protected abstract readonly places: PlaceService<V>;

    @Requires(routes.write)
    @Post()
    create(@CurrentCaller() caller: Caller, @Body() dto: object): Promise<V> {
      return this.places.create(caller, dto);
    }

    @reading()
    @Get()
    list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<Page<V>> {
      return this.places.list(caller, query);
    }

    @reading()
    @Get(':id')
    get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<V> {
      return this.places.get(caller, id);
    }

    @Requires(routes.write)
    @Patch(':id')
    update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: object): Promise<V> {
      return this.places.update(caller, id, dto);
    }
  }

  // Decorator metadata of a generic class names Object for every parameter: the pipe would then
  // validate nothing. Name each kind's request classes instead.
  const paramTypes = (method: keyof PlaceRoutesBase, types: unknown[]) =>
    Reflect.defineMetadata('design:paramtypes', types, PlaceRoutesBase.prototype, method);
  paramTypes('create', [Object, routes.createBody]);
  paramTypes('list', [Object, routes.listQuery]);
  paramTypes('get', [Object, Number]);
  paramTypes('update', [Object, Number, routes.updateBody]);
  return PlaceRoutesBase;
}
