import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

type Raw = Record<string, unknown>;

/**
 * Entities from the raw rows of one alias, converted by the driver as TypeORM converts them
 * (`prepareHydratedValue`: dates, booleans, transformers) but with the column list worked out once.
 * TypeORM's own hydration recomputes every alias for every column of every row; on the ticket lists it
 * was a quarter of the API's CPU. `properties` limits the columns (a partial select); the primary key
 * is always read, and a row whose key is NULL (nothing joined) maps to null.
 */
export function rowMapper<T extends ObjectLiteral>(
  db: DataSource,
  target: EntityTarget<T>,
  alias: string,
  properties?: readonly string[],
): { keys: string[]; map: (raw: Raw) => T | null } {
  const metadata = db.getMetadata(target);
  const relationNames = new Set(metadata.relations.map((r) => r.propertyName));
  const primary = metadata.primaryColumns.map((c) => c.propertyName);
  const columns = metadata.columns
    // Columns marked `select: false` (secrets) are not read unless asked for by name, as in TypeORM.
    .filter((c) => !relationNames.has(c.propertyName) && (c.isSelect || properties?.includes(c.propertyName)))
    .filter((c) => !properties || properties.includes(c.propertyName) || primary.includes(c.propertyName))
    .map((column) => ({ column, key: `${alias}_${column.databaseName}` }));
  const primaryKey = columns.find((c) => c.column.isPrimary)!.key;
  const driver = db.driver;
  const hydrate = (value: unknown, i: number) => driver.prepareHydratedValue(value, columns[i].column) as unknown;
  // One assignment per column, written out: a loop of computed property writes is megamorphic and cost
  // as much as the rest of a list request's own code. Names come from the entity metadata, quoted.
  const assign = new Function(
    'entity',
    'raw',
    'hydrate',
    columns
      .map(({ column, key }, i) => `entity[${JSON.stringify(column.propertyName)}] = hydrate(raw[${JSON.stringify(key)}], ${i});`)
      .join('\n'),
  ) as (entity: T, raw: Raw, h: typeof hydrate) => void;
  return {
    keys: columns.map((c) => c.key),
    map: (raw) => {
      if (raw[primaryKey] === null || raw[primaryKey] === undefined) return null;
      const entity = metadata.create() as T;
      assign(entity, raw, hydrate);
      return entity;
    },
  };
}

/** TypeORM's SQLite drivers write numbers into the SQL text: that text is good for one call only. */
const inlinesNumbers = (manager: EntityManager) => ['better-sqlite3', 'sqlite'].includes(manager.connection.options.type);

/**
 * A SELECT whose SQL TypeORM builds once per shape (here: the number of ids) and that then runs as
 * plain SQL: building the text (aliases, escaping, property names) cost as much CPU as the query took
 * to answer. `build` makes the query builder with the given parameters; their order in the SQL must be
 * the order of `parameters` (checked when the SQL is built, so a change of the query fails at once).
 * On the embedded SQLite database it is built per call (see inlinesNumbers).
 */
export class CompiledSelect<Shape extends string | number> {
  private readonly sql = new Map<Shape, string>();

  constructor(
    private readonly build: (
      shape: Shape,
      parameters: unknown[],
    ) => Pick<SelectQueryBuilder<ObjectLiteral>, 'getQueryAndParameters'>,
    /** Raw column names the mappers read: each must be selected (asked when the SQL is first built). */
    private readonly expectedKeys: () => readonly string[],
  ) {}

  /** The rows for these positional parameters; `sample` makes distinct placeholders of the same shape. */
  async run(manager: EntityManager, shape: Shape, parameters: unknown[], sample: unknown[]): Promise<Raw[]> {
    if (inlinesNumbers(manager)) {
      const [text, bound] = this.build(shape, parameters).getQueryAndParameters();
      return (await manager.query(text, bound)) as Raw[];
    }
    let sql = this.sql.get(shape);
    if (sql === undefined) {
      sql = this.compile(shape, sample);
      this.sql.set(shape, sql);
    }
    return (await manager.query(sql, parameters)) as Raw[];
  }

  private compile(shape: Shape, sample: unknown[]): string {
    const [sql, parameters] = this.build(shape, sample).getQueryAndParameters();
    if (parameters.length !== sample.length || parameters.some((p, i) => p !== sample[i])) {
      throw new Error(`CompiledSelect: parameters came out as ${JSON.stringify(parameters)}, expected ${JSON.stringify(sample)}`);
    }
    const missing = this.expectedKeys().filter((k) => !sql.includes(`AS \`${k}\``) && !sql.includes(`AS "${k}"`));
    if (missing.length) throw new Error(`CompiledSelect: the SQL does not select ${missing.join(', ')}`);
    return sql;
  }
}

interface ToOneJoin {
  /** The relation property on the root entity, e.g. `community`. */
  property: string;
  target: EntityTarget<ObjectLiteral>;
}

/**
 * `findOneBy({ id })` for hot paths, with to-one relations joined: the SQL built once (CompiledSelect),
 * the row mapped by rowMapper. A report looks up its compound, category and reporter this way.
 */
export class FindById<T extends ObjectLiteral> {
  private readonly select: CompiledSelect<'one'>;
  private mappers: { root: ReturnType<typeof rowMapper<T>>; joins: Array<ReturnType<typeof rowMapper>> } | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly target: EntityTarget<T>,
    private readonly joins: readonly ToOneJoin[] = [],
  ) {
    this.select = new CompiledSelect<'one'>(
      (_, [id]) => {
        const qb = this.db.getRepository(this.target).createQueryBuilder('root');
        for (const j of this.joins) qb.innerJoinAndSelect(`root.${j.property}`, j.property);
        return qb.where('root.id = :id', { id });
      },
      () => [...this.mappersOf().root.keys, ...this.mappersOf().joins.flatMap((j) => j.keys)],
    );
  }

  private mappersOf() {
    return (this.mappers ??= {
      root: rowMapper(this.db, this.target, 'root'),
      joins: this.joins.map((j) => rowMapper(this.db, j.target, j.property)),
    });
  }

  async find(manager: EntityManager, id: number): Promise<T | null> {
    const [row] = await this.select.run(manager, 'one', [id], [-1]);
    if (!row) return null;
    const m = this.mappersOf();
    const entity = m.root.map(row)!;
    this.joins.forEach((j, i) => ((entity as Raw)[j.property] = m.joins[i].map(row)));
    return entity;
  }
}
