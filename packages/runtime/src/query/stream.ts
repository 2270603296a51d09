import { decoded, type EntityMapper } from "../engine/entity-mapper.js";
import { InvalidArgumentError } from "../errors/value-errors.js";
import { Loader, type LoadContext, type RootSource } from "../load/loader.js";
import { buildPlan, type LoadNode } from "../load/plan.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { stateOf, Status, untouched, type InstanceState } from "../model/instance-state.js";
import type { Session } from "../session/session.js";
import type { SqlBuilder } from "./sql-builder.js";
import { columnNamed } from "./where.js";

/** Options of `query.stream()`. */
export interface StreamOptions {
  /** Rows per statement, and about how many objects the session holds at once. Default 500. */
  readonly batchSize?: number;
}

const DEFAULT_BATCH = 500;
const MAX_BATCH = 100_000;

/** What `QueryImpl.stream()` hands over: the query as the loader would run it, plus its order and page. */
export interface StreamSource {
  readonly session: Session;
  readonly mapper: EntityMapper;
  readonly spec: Record<string, unknown> | undefined;
  readonly order: readonly { readonly field: string; readonly direction: "asc" | "desc" }[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly base: RootSource;
  ready(): Promise<void>;
}

/** Checks the options now (not at the first `next()`), then streams. */
export function streamQuery(source: StreamSource, options: StreamOptions | undefined): AsyncIterableIterator<object> {
  const batchSize = options?.batchSize ?? DEFAULT_BATCH;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
    throw new InvalidArgumentError(
      `stream() on ${source.mapper.info.name}: batchSize must be a whole number from 1 to ${MAX_BATCH}, not ${String(batchSize)}.`,
    );
  }
  buildPlan(source.mapper.info, source.spec as never);
  const engine = source.session.engine;
  const mode = engine.driver.streaming;
  const tx = source.session.activeConnection;
  // A connection busy with the stream cannot serve the transaction's other statements: batches by key instead.
  if (!mode || (tx && mode.exclusive)) return batches(source, batchSize);
  return cursor(source, batchSize, tx);
}

/**
 * The driver's stream (a PostgreSQL cursor, MySQL's result read with
 * backpressure): one statement, rows read a batch at a time. Outside a
 * transaction it takes a connection of its own, so the loop body's
 * statements use others; inside one, the transaction's (PostgreSQL only).
 * `subquery` loads become `selectin` here: a subquery would re-run the whole
 * streamed query for every batch.
 */
async function* cursor(source: StreamSource, batchSize: number, tx: LoggedConnection | undefined): AsyncGenerator<object, void, undefined> {
  const { session, mapper } = source;
  const plan = perBatch(buildPlan(mapper.info, source.spec as never));
  const context = session.loadContext();
  const keys = orderKeys(source);
  // The same total order as the keyset path: the stream's order does not depend on the engine's way of streaming.
  const ordered: RootSource = { ...source.base, orderBy: (sb, alias) => orderSql(sb, alias, keys) };
  await source.ready();
  const conn = tx ?? (await session.engine.acquire());
  const ownTransaction = !tx && session.engine.driver.streaming!.needsTransaction;
  let rows: AsyncIterableIterator<unknown[][]> | undefined;
  let created: object[] = [];
  let ended = false;
  let committed = false;
  try {
    if (ownTransaction) await conn.begin();
    while (!ended) {
      const batchCreated: object[] = [];
      let root = true;
      const ctx: LoadContext = {
        ...context,
        query: async (sql, params) => {
          if (!root) return context.query(sql, params);
          root = false;
          rows ??= conn.stream(sql, params, batchSize);
          const next = await rows.next();
          if (next.done) {
            ended = true;
            return [];
          }
          return next.value;
        },
        materialize: tracking(session, context, batchCreated),
      };
      const objects = await new Loader(ctx).run(ordered, plan);
      created = batchCreated;
      for (const obj of objects) yield obj;
      release(session, created);
      created = [];
    }
    if (ownTransaction) {
      committed = true;
      await conn.commit();
    }
  } finally {
    release(session, created);
    // Closes the cursor (or drops MySQL's half-read result) when the loop left early.
    await rows?.return?.(undefined).catch(() => undefined);
    if (!tx) {
      if (ownTransaction && !committed) await conn.rollback().catch(() => undefined);
      conn.release();
    }
  }
}

/** Records the objects a batch brought into the session (those it did not hold before). */
function tracking(session: Session, context: LoadContext, created: object[]): LoadContext["materialize"] {
  return (m, row, rowOffset, json) => {
    const decoders = json ? m.jsonDecoders : m.rowDecoders;
    const had = session.identity.get(m.info, m.keyFromRow(row, rowOffset, decoders));
    const obj = context.materialize(m, row, rowOffset, json);
    if (had === undefined) created.push(obj);
    return obj;
  };
}

function perBatch(nodes: readonly LoadNode[]): LoadNode[] {
  return nodes.map((n) => ({ ...n, strategy: n.strategy === "subquery" ? "selectin" : n.strategy, children: perBatch(n.children) }));
}

interface OrderKey {
  readonly index: number;
  readonly column: string;
  readonly desc: boolean;
}

/**
 * Keyset pagination (SQLite, whose one connection the loop body needs, and
 * MySQL inside a transaction): each batch is one statement ordered by the query's order
 * plus the primary key, starting after the last row of the previous batch.
 * No cursor stays open between batches, so the loop body may use the session
 * (and SQLite's single connection) freely, inside a transaction or not, and
 * breaking out leaves nothing to close. Eager loads run per batch.
 */
async function* batches(source: StreamSource, batchSize: number): AsyncGenerator<object, void, undefined> {
  const { session, mapper } = source;
  const keys = orderKeys(source);
  const plan = buildPlan(mapper.info, source.spec as never);
  const context = session.loadContext();
  let remaining = source.limit ?? Infinity;
  let offset = source.offset;
  let last: readonly unknown[] | undefined;
  let created: object[] = [];
  // Autoflush once, before the first batch, as the cursor path does: the loop's own changes are written by the next flush, not between batches.
  await source.ready();
  try {
    while (remaining > 0) {
      const limit = Math.min(batchSize, remaining);
      const after = last;
      let rootRows: unknown[][] | undefined;
      const batchCreated: object[] = [];
      const ctx: LoadContext = {
        ...context,
        query: async (sql, params) => {
          const rows = await context.query(sql, params);
          rootRows ??= rows; // the loader's first statement is the root one
          return rows;
        },
        materialize: tracking(session, context, batchCreated),
      };
      const root: RootSource = {
        ...source.base,
        where: (sb, alias) => {
          const where = source.base.where(sb, alias);
          return after ? [...where, afterRow(sb, mapper, alias, keys, after)] : where;
        },
        orderBy: (sb, alias) => orderSql(sb, alias, keys),
        limit,
        offset,
      };
      const objects = await new Loader(ctx).run(root, plan);
      created = batchCreated;
      const rows = rootRows ?? [];
      for (const obj of objects) yield obj;
      // The loop asked for the next object: this batch is behind it.
      release(session, created);
      created = [];
      if (rows.length < limit) return;
      last = rows[rows.length - 1];
      remaining -= rows.length;
      offset = undefined;
    }
  } finally {
    release(session, created);
  }
}

function orderSql(sb: SqlBuilder, alias: string, keys: readonly OrderKey[]): string {
  return keys.map((k) => `${sb.col(alias, k.column)} ${k.desc ? "DESC" : "ASC"}`).join(", ");
}

/** The query's order, then the primary key fields it lacks: a total order, so a batch can start after a row. */
function orderKeys(source: StreamSource): OrderKey[] {
  const info = source.mapper.info;
  const keys: OrderKey[] = [];
  const seen = new Set<string>();
  const push = (field: string, desc: boolean) => {
    if (seen.has(field)) return;
    seen.add(field);
    keys.push({ index: info.columnIndex.get(field)!, column: columnNamed(info, field).column, desc });
  };
  for (const o of source.order) {
    // A batch starts after the last row's sort values: a related row's column is not in the row.
    if (o.field.includes(".")) {
      throw new InvalidArgumentError(
        `${info.name}: stream() orders by the entity's own columns; orderBy("${o.field}") goes through a relation. ` +
          `Sort by a column of ${info.name}, or read the rows with all() in pages (limit/offset).`,
      );
    }
    push(o.field, o.direction === "desc");
  }
  for (const f of info.meta.primaryKey) push(f, false);
  return keys;
}

/**
 * "Comes after `row` in this order", spelled out column by column
 * (`a > ? OR (a = ? AND b > ?)`) so mixed directions and NULLs work on every
 * engine: PostgreSQL sorts NULL last ascending, SQLite and MySQL first.
 */
function afterRow(sb: SqlBuilder, mapper: EntityMapper, alias: string, keys: readonly OrderKey[], row: readonly unknown[]): string {
  const nullsLargest = mapper.dialect.name === "postgres";
  const terms: string[] = [];
  const equal: string[] = [];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const column = mapper.info.columns[key.index]!;
    const raw = row[key.index];
    const decode = mapper.rowDecoders[key.index];
    const value = decoded(raw, decode);
    const col = sb.col(alias, key.column);
    // NULLs sort after this value only where the column can hold them and the engine puts them there.
    const nullsAfter = column.nullable && key.desc !== nullsLargest;
    let beyond: string | undefined;
    if (value === null) beyond = nullsAfter ? undefined : `${col} IS NOT NULL`;
    else {
      const cmp = `${col} ${key.desc ? "<" : ">"} ${sb.param(mapper.dialect.encode(column.type, value))}`;
      beyond = nullsAfter ? `(${cmp} OR ${col} IS NULL)` : cmp;
    }
    if (beyond) terms.push(equal.length > 0 ? `(${[...equal, beyond].join(" AND ")})` : beyond);
    if (k < keys.length - 1) equal.push(value === null ? `${col} IS NULL` : `${col} = ${sb.param(mapper.dialect.encode(column.type, value))}`);
  }
  return terms.length === 1 ? terms[0]! : `(${terms.join(" OR ")})`;
}

/**
 * Objects a batch brought into the session leave it (detached, as after
 * `expunge`) once the loop has moved past them, unless the loop changed them,
 * deleted them or asked for more: those stay for the next flush.
 */
function release(session: Session, objects: readonly object[]): void {
  for (const obj of objects) {
    const origin = untouched(obj);
    if (origin) {
      if (origin.session !== session || session.mapperOf(origin.entity.name).changedSinceRow(obj)) continue;
    }
    const state = stateOf(obj);
    if (state.session !== session || state.status !== Status.Persistent || state.deleteRequested) continue;
    if (!origin && changed(session, obj, state)) continue;
    if (session.identity.get(state.entity, state.key) !== obj) continue;
    session.identity.delete(state.entity, state.key);
    state.session = undefined;
    state.status = Status.Detached;
  }
}

function changed(session: Session, obj: object, state: InstanceState): boolean {
  for (const slot of state.slots ?? []) {
    if (slot && (slot.dirty || slot.linkAdds?.size || slot.linkRemoves?.size || slot.added?.length || slot.removed?.size)) return true;
  }
  const mapper = session.mapperOf(state.entity.name);
  const now = mapper.snapshotOf(obj);
  const before = mapper.baseline(state);
  return now.some((v, i) => v !== before[i]);
}
