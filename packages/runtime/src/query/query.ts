import type { EntityMapper } from "../engine/entity-mapper.js";
import { NoResultError } from "../errors/usage-errors.js";
import { RelgenError } from "../errors/relgen-error.js";
import { InvalidArgumentError } from "../errors/value-errors.js";
import { Loader, type RootSource } from "../load/loader.js";
import { buildPlan } from "../load/plan.js";
import type { RelationPath } from "../load/relation-sql.js";
import type { ScalarKeys } from "../relations.js";
import type { Session } from "../session/session.js";
import type { LoadSpec, OrderPath, RelationKeys, Where, WithLoaded } from "./query-types.js";
import { stateOf } from "../model/instance-state.js";
import { SqlBuilder } from "./sql-builder.js";
import { streamQuery, type StreamOptions } from "./stream.js";
import { compileWhere, filterContext } from "./where.js";
import { orderExpression, resolveOrderPath } from "./order-path.js";
import { bulkDelete, bulkUpdate, encodeValues, refuseShape, shapeCalls, type BulkShape } from "./bulk.js";
import { oneOf, parseSelection, runExists, runProjection } from "./projection.js";
import { checkOrderKey, groupFields, planAggregate, runAggregate, type AggregateOrder } from "./aggregate.js";
import type {
  AggregateQuery,
  AggregateRow,
  AggregateSpec,
  BulkOptions,
  CountSpec,
  GroupedQuery,
  Projected,
  ProjectionQuery,
  ToManyKeys,
  UpdateValues,
} from "./projection-types.js";

/** A query over one model. Every method returns a new query; nothing runs until `all`, `first`, `one` or `count`. */
export interface Query<T> {
  where(filter: Where<T>): Query<T>;
  /** A column, or a to-one relation's column: `orderBy("owner.name", "desc")`. */
  orderBy(field: OrderPath<T>, direction?: "asc" | "desc"): Query<T>;
  limit(count: number): Query<T>;
  offset(count: number): Query<T>;
  /** Eager-load relations, choosing the strategy per relation and per level. */
  with<const S extends LoadSpec<T>>(spec: S): Query<WithLoaded<T, S>>;
  with<const K extends RelationKeys<T>>(...relations: K[]): Query<WithLoaded<T, { [P in K]: true }>>;
  all(): Promise<T[]>;
  first(): Promise<T | undefined>;
  /** Exactly one row, else `NoResultError` (none) or an error naming how many matched. */
  one(): Promise<T>;
  count(): Promise<number>;
  /**
   * The query's objects a batch at a time (`for await (const pet of query.stream())`), with
   * `with(...)` loads per batch; objects the loop leaves unchanged leave the session behind it.
   */
  stream(options?: StreamOptions): AsyncIterableIterator<T>;
  /** Whether any row matches: one `SELECT 1 ... LIMIT 1`. */
  exists(): Promise<boolean>;
  /**
   * One `UPDATE` over every matching row; resolves to the number of rows it
   * matched. The session's objects for those rows take the new values (see
   * docs/runtime.md, "Bulk updates and deletes").
   */
  update(values: UpdateValues<T>, options?: BulkOptions): Promise<number>;
  /** One `DELETE` of every matching row (no ORM cascades); resolves to the number deleted. */
  delete(options?: BulkOptions): Promise<number>;
  /** Plain rows of the chosen columns (not entities), optionally with relation counts last: `{ _count: ["pets"] }`. */
  select<const K extends ScalarKeys<T>>(...fields: K[]): ProjectionQuery<Projected<T, K>>;
  select<const K extends ScalarKeys<T>, const C extends ToManyKeys<T>>(
    ...args: [...fields: K[], counts: CountSpec<C>]
  ): ProjectionQuery<Projected<T, K, C>>;
  /** Aggregates over every matching row, as one row. */
  aggregate<const S extends AggregateSpec<T>>(spec: S): Promise<AggregateRow<T, S>>;
  /** Groups the matching rows by these columns; name the aggregates with `.aggregate(...)`. */
  groupBy<const G extends ScalarKeys<T>>(...fields: G[]): GroupedQuery<T, G>;
  /** Flush the session's pending changes before this query runs (default: the session's `autoflush`, true unless turned off). */
  autoflush(enabled: boolean): Query<T>;
}

interface QueryState {
  readonly session: Session;
  readonly mapper: EntityMapper;
  readonly from: (sb: SqlBuilder, alias: string) => string;
  readonly base: (sb: SqlBuilder, alias: string) => string[];
  readonly filters: readonly object[];
  readonly order: readonly { readonly field: string; readonly direction: "asc" | "desc" }[];
  readonly defaultOrder: ((sb: SqlBuilder, alias: string) => string) | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly spec: Record<string, unknown> | undefined;
  readonly beforeRun: (() => Promise<void>) | undefined;
  /** Unset: the session's `autoflush` decides. */
  readonly autoflush?: boolean | undefined;
}

export class QueryImpl {
  private constructor(private readonly s: QueryState) {}

  static root(session: Session, mapper: EntityMapper): QueryImpl {
    return new QueryImpl({
      session,
      mapper,
      from: (sb, alias) => `${mapper.table} ${sb.q(alias)}`,
      base: () => [],
      filters: [],
      order: [],
      defaultOrder: undefined,
      limit: undefined,
      offset: undefined,
      spec: undefined,
      beforeRun: undefined,
    });
  }

  /** A dynamic relation's query: the target rows linked to `owner`, in the relation's order unless told otherwise. */
  static forRelation(session: Session, path: RelationPath, owner: object, ownerMapper: EntityMapper): QueryImpl {
    const values = owner as Record<string, unknown>;
    const ownerTypes = path.parentFields.map((f) => ownerMapper.info.columns[ownerMapper.info.columnIndex.get(f)!]!.type);
    return new QueryImpl({
      session,
      mapper: path.target,
      from: (sb, alias) => path.from(sb, alias),
      base: (sb, alias) =>
        path.link(sb, alias).map((l, i) => `${l} = ${sb.param(sb.dialect.encode(ownerTypes[i]!, values[path.parentFields[i]!]))}`),
      filters: [],
      order: [],
      defaultOrder: path.relation.meta.orderBy.length > 0 ? (sb, alias) => path.orderBy(sb, alias) : undefined,
      limit: undefined,
      offset: undefined,
      spec: undefined,
      // Additions not yet flushed would otherwise be invisible to the query.
      beforeRun: async () => {
        const slot = stateOf(owner).peekSlot(path.relation);
        if (slot?.added?.length || slot?.removed?.size) await session.flush();
      },
    });
  }

  where(filter: object): QueryImpl {
    if (typeof filter !== "object" || filter === null) throw new RelgenError("where() takes an object of column filters.");
    // Compiled once here so a misspelt name or operator throws at where(), not at all().
    compileWhere(filterContext(new SqlBuilder(this.s.mapper.dialect), this.mapperOf, false), this.s.mapper.info, "t0", filter);
    return new QueryImpl({ ...this.s, filters: [...this.s.filters, filter] });
  }

  orderBy(field: string, direction: "asc" | "desc" = "asc"): QueryImpl {
    resolveOrderPath(this.s.mapper.info, field);
    if (direction !== "asc" && direction !== "desc") throw new RelgenError(`orderBy direction must be "asc" or "desc", not ${String(direction)}.`);
    return new QueryImpl({ ...this.s, order: [...this.s.order, { field, direction }] });
  }

  limit(count: number): QueryImpl {
    return new QueryImpl({ ...this.s, limit: count === Infinity ? undefined : checkCount("limit", count) });
  }

  offset(count: number): QueryImpl {
    return new QueryImpl({ ...this.s, offset: checkCount("offset", count) });
  }

  with(...args: unknown[]): QueryImpl {
    const spec: Record<string, unknown> = { ...this.s.spec };
    for (const arg of args) {
      if (typeof arg === "string") spec[arg] = true;
      else if (typeof arg === "object" && arg !== null) Object.assign(spec, arg);
      else throw new RelgenError("with() takes relation names or an object such as { posts: \"selectin\" }.");
    }
    buildPlan(this.s.mapper.info, spec as never);
    return new QueryImpl({ ...this.s, spec });
  }

  async all(): Promise<object[]> {
    await this.ready();
    const plan = buildPlan(this.s.mapper.info, this.s.spec as never);
    return new Loader(this.s.session.loadContext()).run(this.rootSource(), plan);
  }

  async first(): Promise<object | undefined> {
    const rows = await new QueryImpl({ ...this.s, limit: 1 }).all();
    return rows[0];
  }

  async one(): Promise<object> {
    const rows = await new QueryImpl({ ...this.s, limit: 2 }).all();
    if (rows.length === 0) throw new NoResultError(this.s.mapper.info.name);
    if (rows.length > 1) {
      throw new RelgenError(`Expected one ${this.s.mapper.info.name}, found several; narrow the filter or use .first().`);
    }
    return rows[0]!;
  }

  async count(): Promise<number> {
    await this.ready();
    const sb = new SqlBuilder(this.s.mapper.dialect);
    const source = this.rootSource();
    const paged = this.s.limit !== undefined || this.s.offset !== undefined;
    const from = source.from(sb, "t0");
    const where = source.where(sb, "t0");
    let rest = where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
    // A page counts the rows it would return: count over the paged subquery.
    if (paged) rest += sb.dialect.limitOffset(this.s.limit, this.s.offset, (v) => sb.param(v));
    const sql = paged
      ? `SELECT COUNT(*) FROM (SELECT 1 AS ${sb.q("one")} FROM ${from}${rest}) ${sb.q("page")}`
      : `SELECT COUNT(*) FROM ${from}${rest}`;
    const rows = await this.s.session.runQuery(sql, sb.params);
    return Number(rows[0]![0]);
  }

  stream(options?: StreamOptions): AsyncIterableIterator<object> {
    const s = this.s;
    return streamQuery(
      { session: s.session, mapper: s.mapper, spec: s.spec, order: s.order, limit: s.limit, offset: s.offset, base: this.rootSource(), ready: () => this.ready() },
      options,
    );
  }

  async exists(): Promise<boolean> {
    await this.ready();
    return runExists(this.s.session, this.rootSource());
  }

  async update(values: object, options: BulkOptions = {}): Promise<number> {
    refuseShape(this.s.mapper.info.name, "update", this.bulkShape());
    // Checked and encoded before the autoflush: a refused value changes nothing.
    const encoded = encodeValues(this.s.mapper, values);
    await this.ready();
    return bulkUpdate(this.s.session, this.rootSource(), encoded, options.synchronize !== false);
  }

  async delete(options: BulkOptions = {}): Promise<number> {
    refuseShape(this.s.mapper.info.name, "delete", this.bulkShape());
    await this.ready();
    return bulkDelete(this.s.session, this.rootSource(), options.synchronize !== false);
  }

  select(...args: unknown[]): ProjectionQuery<Record<string, unknown>> {
    if (this.s.spec) throw new InvalidArgumentError(`${this.s.mapper.info.name}: select() returns plain rows and loads no relations; drop with().`);
    const selection = parseSelection(this.s.mapper, args);
    const run = async (limit: number | undefined) => {
      await this.ready();
      const capped = limit === undefined ? this : new QueryImpl({ ...this.s, limit: Math.min(limit, this.s.limit ?? limit) });
      return runProjection(this.s.session, capped.rootSource(), selection);
    };
    const entity = this.s.mapper.info.name;
    return {
      all: () => run(undefined),
      first: async () => (await run(1))[0],
      one: async () => oneOf(await run(2), entity),
    };
  }

  async aggregate(spec: object): Promise<Record<string, unknown>> {
    this.refuseForAggregate("aggregate");
    const plan = planAggregate(this.s.mapper, [], spec);
    await this.ready();
    return (await runAggregate(this.s.session, this.rootSource(), plan, [], undefined))[0]!;
  }

  groupBy(...fields: unknown[]): { aggregate(spec: object): AggregateQuery<Record<string, unknown>> } {
    this.refuseForAggregate("groupBy");
    const groups = groupFields(this.s.mapper, fields);
    return {
      aggregate: (spec) => {
        const plan = planAggregate(this.s.mapper, groups, spec);
        const grouped = (order: readonly AggregateOrder[], limit: number | undefined): AggregateQuery<Record<string, unknown>> => ({
          orderBy: (key, direction = "asc") => {
            checkOrderKey(plan, this.s.mapper.info.name, key);
            if (direction !== "asc" && direction !== "desc") throw new InvalidArgumentError(`orderBy direction must be "asc" or "desc", not ${String(direction)}.`);
            return grouped([...order, { key, direction }], limit);
          },
          limit: (count) => grouped(order, checkCount("limit", count)),
          all: async () => {
            await this.ready();
            return runAggregate(this.s.session, this.rootSource(), plan, order, limit);
          },
        });
        return grouped([], undefined);
      },
    };
  }

  private bulkShape(): BulkShape {
    return { limited: this.s.limit !== undefined, offset: this.s.offset !== undefined, ordered: this.s.order.length > 0, loads: this.s.spec !== undefined };
  }

  /** Aggregates run over every matching row: a page or an order of the rows themselves has no meaning there. */
  private refuseForAggregate(what: string): void {
    const used = shapeCalls(this.bulkShape());
    if (used.length === 0) return;
    throw new InvalidArgumentError(
      `${this.s.mapper.info.name}: ${what}() aggregates every row the filter matches and cannot follow ${used.join(", ")}; ` +
        `order and limit the groups instead: .groupBy(...).aggregate(...).orderBy(...).limit(...).`,
    );
  }

  autoflush(enabled: boolean): QueryImpl {
    if (typeof enabled !== "boolean") throw new InvalidArgumentError(`autoflush() takes true or false, not ${String(enabled)}.`);
    return new QueryImpl({ ...this.s, autoflush: enabled });
  }

  /** What every statement-running method awaits first, so the query sees the session's pending changes. */
  private async ready(): Promise<void> {
    if (this.s.autoflush ?? this.s.session.autoflush) await this.s.session.autoflushBefore(`a ${this.s.mapper.info.name} query`);
    await this.s.beforeRun?.();
  }

  private readonly mapperOf = (entity: string) => this.s.session.engine.mapperOf(entity);

  private rootSource(): RootSource {
    const s = this.s;
    const info = s.mapper.info;
    const order = s.order.map((o) => ({ path: resolveOrderPath(info, o.field), direction: o.direction === "desc" ? "DESC" : "ASC" }));
    return {
      mapper: s.mapper,
      from: s.from,
      where: (sb, alias) => {
        const ctx = filterContext(sb, this.mapperOf);
        return [...s.base(sb, alias), ...s.filters.flatMap((f) => compileWhere(ctx, info, alias, f))];
      },
      orderBy: (sb, alias) =>
        order.length > 0
          ? order.map((o, i) => `${orderExpression(sb, info, alias, o.path, this.mapperOf, `o${i + 1}`)} ${o.direction}`).join(", ")
          : (s.defaultOrder?.(sb, alias) ?? ""),
      limit: s.limit,
      offset: s.offset,
    };
  }
}

function checkCount(what: string, count: number): number {
  if (!Number.isInteger(count) || count < 0) throw new RelgenError(`${what}() takes a whole number ≥ 0, not ${String(count)}.`);
  return count;
}
