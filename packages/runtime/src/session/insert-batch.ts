import type { Dialect } from "../dialect/dialect.js";
import type { EntityMapper } from "../engine/entity-mapper.js";
import { insertSql, rowsPerStatement, type KeyReturn } from "../engine/batch-sql.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { FlushError } from "../errors/flush-error.js";
import type { EntityInfo } from "../model/entity-info.js";
import { stateOf, Status } from "../model/instance-state.js";
import type { ColumnMeta } from "../schema-meta.js";
import type { EntityEventName } from "./events.js";
import { describe, type FlushPlan } from "./flush-plan.js";
import type { IdentityMap } from "./identity-map.js";
import { attempt } from "./batch-attempt.js";
import { keyPlan, type KeyPlan } from "./generated-keys.js";
import { applyDefaults, checkValues, decodeColumn, encode, forgetUnsetReferences, syncForeignKeys, type Write } from "./row-values.js";
import { listsOf } from "./relation-lists.js";
import type { UndoLog } from "./undo-log.js";

/** Rows per multi-row INSERT (fewer when the engine's parameter limit says so); measured in scripts/bench-writes.ts. */
export const INSERT_ROWS = 500;

export interface InsertHost {
  readonly identity: IdentityMap;
  readonly pending: Set<object>;
  readonly engine: object;
  mapperOf(entity: string): EntityMapper;
  rowEvents(): ((event: EntityEventName, obj: object) => Promise<void>) | undefined;
  /** Whether `entity` has handlers for any of `events`: its rows are then written one by one, around their handlers. */
  hasRowHandlers(entity: EntityInfo, events: readonly EntityEventName[]): boolean;
}

const INSERT_EVENTS: readonly EntityEventName[] = ["beforeInsert", "afterInsert"];

/**
 * Inserts the plan's new objects: table level by table level (a row after
 * every row it takes a key from), rows of one table with the same columns in
 * multi-row INSERTs, generated keys written back, each object then persistent
 * in the identity map. An entity with insert handlers is written row by row,
 * each INSERT between its before and after events. `checked`: the objects'
 * defaults were filled and every value they hold was checked (`checkValues`)
 * before the flush's first statement.
 */
export async function insertRows(
  host: InsertHost,
  plan: FlushPlan,
  undo: UndoLog,
  conn: LoggedConnection,
  write: Write,
  checked: boolean,
): Promise<void> {
  const events = host.rowEvents();
  // No handler can change a value between that check and the INSERT: the ones checked stay valid.
  const trusted = checked && events === undefined;
  const postUpdate = new Set(plan.postUpdates.map((p) => p.obj));
  const deferredOf = (obj: object) => (postUpdate.has(obj) ? plan.postUpdates : undefined);
  /** The objects' rows exist: each becomes persistent, in the identity map (one undo action for them all). */
  const finish = (objects: readonly object[], mapper: EntityMapper) => {
    const entity = mapper.info;
    const byKey = host.identity.of(entity);
    const keys: unknown[] = [];
    undo.onUndo(() => {
      for (const key of keys) host.identity.delete(entity, key);
    });
    for (let i = 0; i < objects.length; i++) {
      const obj = objects[i]!;
      const state = stateOf(obj);
      forgetUnsetReferences(obj, entity, undo, state);
      state.status = Status.Persistent;
      state.session = host as never;
      const key = (state.key = mapper.keyOf(obj));
      state.snapshot = mapper.snapshotOf(obj);
      state.raw = undefined;
      byKey.set(key, obj);
      keys.push(key);
      if (events !== undefined) host.pending.delete(obj);
    }
  };
  const prepare = (obj: object) => {
    const state = stateOf(obj);
    const entity = state.entity;
    // When the caller checked (runFlush), it also checkpointed the object and filled its defaults.
    if (!checked) {
      undo.object(obj, state);
      applyDefaults(obj, entity);
    }
    syncForeignKeys(obj, entity, undo, deferredOf(obj), state);
  };
  const insertOne = async (obj: object, mapper: EntityMapper) => {
    const { columns, generated } = shapeOf(obj, mapper.info);
    const values = obj as Record<string, unknown>;
    const dialect = mapper.dialect;
    const params = columns.map((c) => encode(mapper, c, values[c.name]));
    const returning = generated.length > 0 && dialect.supportsReturning;
    const result = await write({ action: "insert", entity: mapper.info, obj }, mapper.insertSql(columns, generated), params, returning);
    if (generated.length === 0) return;
    if (result.rows) {
      const row = result.rows[0]!;
      generated.forEach((c, i) => (values[c.name] = decodeColumn(mapper, c, row[i])));
    } else if (result.insertId !== undefined && generated.length === 1) {
      values[generated[0]!.name] = keyValue(generated[0]!, result.insertId);
    }
  };

  for (const wave of waves(plan)) {
    const mapper = host.mapperOf(stateOf(wave[0]!).entity.name);
    if (events && host.hasRowHandlers(mapper.info, INSERT_EVENTS)) {
      for (const obj of wave) {
        prepare(obj);
        // What the handler sets is written by this INSERT: columns are read after it.
        await events("beforeInsert", obj);
        syncForeignKeys(obj, mapper.info, undo, deferredOf(obj));
        checkValues(mapper, obj);
        await insertOne(obj, mapper);
        finish([obj], mapper);
        await events("afterInsert", obj);
      }
      continue;
    }
    for (const obj of wave) prepare(obj);
    for (const run of sameShape(wave, mapper)) {
      const { columns, generated } = run.shape;
      const keys = generated.length === 0 || run.objects.length < 2 ? undefined : await keyPlan(host.engine, mapper.dialect, conn);
      const batchable = columns.length > 0 && generated.length <= 1 && (generated.length === 0 || keys !== undefined);
      const size = batchable ? rowsPerStatement(mapper.dialect, columns.length, INSERT_ROWS) : 1;
      const modes = trusted ? bindModes(mapper.info, columns) : undefined;
      for (let i = 0; i < run.objects.length; i += size) {
        const chunk = run.objects.slice(i, i + size);
        if (chunk.length === 1 || !(await insertChunk(mapper, run.shape, chunk, size, keys, conn, modes))) {
          // One row, or a chunk the engine refused: row by row, so a refusal names its object.
          for (const obj of chunk) await insertOne(obj, mapper);
        }
        finish(chunk, mapper);
      }
    }
  }
  // No handler could read the pending set meanwhile: the inserted objects leave it at once, not one by one.
  if (events === undefined) leavePending(host.pending);
}

/** Removes the objects that are persistent now (inserted); usually every one, and the set is simply emptied. */
function leavePending(pending: Set<object>): void {
  let all = true;
  for (const obj of pending) {
    if (stateOf(obj).status !== Status.Persistent) {
      all = false;
      break;
    }
  }
  if (all) pending.clear();
  else for (const obj of pending) if (stateOf(obj).status === Status.Persistent) pending.delete(obj);
}

interface Shape {
  readonly columns: readonly ColumnMeta[];
  readonly generated: readonly ColumnMeta[];
}

/** A shape multi-row INSERTs use: with their statement texts by row count and key form, for chunks of the full size (a run's last, shorter one is built each time). */
interface BatchShape extends Shape {
  readonly sql: Map<string, string>;
  /** Its row binders, made on first use: with the up-front check trusted, and with every value encoded. */
  trustedBinder?: RowBinder;
  encodingBinder?: RowBinder;
}

/** Writes one object's parameters at `params[at]` onward, in the shape's column order. */
type RowBinder = (params: unknown[], at: number, obj: object) => void;

/**
 * A shape's row binder: one straight-line function (property reads by
 * constant name, as `compileSnapshot` does) rather than a loop reading each
 * column by a name held in a variable, a slow generic lookup per value.
 */
function rowBinder(mapper: EntityMapper, shape: BatchShape, modes: readonly Bind[] | undefined): RowBinder {
  const lines = shape.columns.map((c, j) => {
    const read = `o[${JSON.stringify(c.name)}]`;
    const mode = modes === undefined ? Bind.Encode : modes[j]!;
    if (mode === Bind.AsIs) return `params[at + ${j}] = (v = ${read}) === undefined ? null : v;`;
    if (mode === Bind.Valid) return `params[at + ${j}] = bindValid(m, cols[${j}], ${read});`;
    return `params[at + ${j}] = encode(m, cols[${j}], ${read});`;
  });
  const body = `return function bindRow(params, at, o) {\nlet v;\n${lines.join("\n")}\n};`;
  return new Function("m", "cols", "encode", "bindValid", body)(mapper, shape.columns, encode, bindValid) as RowBinder;
}

/**
 * Types whose value every engine binds as it is (as the runtime reads them
 * back undecoded, see `Dialect.decode`): once checked, encoding it again
 * would only repeat the check.
 */
const BOUND_AS_IS = new Set(["Int", "Float", "String", "Text", "Uuid", "Enum"]);

/** How a checked column's value becomes its parameter: `encode` (check again), as it is, or `encodeValid` when it is in its checked form. */
const enum Bind {
  Encode,
  AsIs,
  Valid,
}

/**
 * Per column: how its value is bound, having been checked before the first
 * statement and not written since. Foreign keys (copied from parents) are
 * filled by the flush itself after that check, so they are always encoded.
 * A Date or a boolean is bound through `encodeValid` (no second check); a
 * Date column given ISO text still goes through `encode`, which parses it.
 */
function bindModes(entity: EntityInfo, columns: readonly ColumnMeta[]): Bind[] {
  const filled = new Set<string>();
  for (const relation of listsOf(entity).parents) for (const f of relation.meta.localColumns) filled.add(f);
  return columns.map((c) => {
    if (filled.has(c.name)) return Bind.Encode;
    if (BOUND_AS_IS.has(c.type.kind)) return Bind.AsIs;
    const kind = c.type.kind;
    return kind === "Date" || kind === "DateTime" || kind === "Boolean" ? Bind.Valid : Bind.Encode;
  });
}

/** A checked value's parameter: unchecked when it is in the form `checkValue` returns as it is. */
function bindValid(mapper: EntityMapper, column: ColumnMeta, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return value instanceof Date || typeof value === "boolean" ? mapper.dialect.encodeValid(column.type, value) : encode(mapper, column, value);
}

/** The columns an INSERT writes for `obj` (those with a value), and the generated ones it reads back. */
function shapeOf(obj: object, entity: EntityInfo): Shape {
  const values = obj as Record<string, unknown>;
  return {
    columns: entity.columns.filter((c) => values[c.name] !== undefined),
    generated: entity.columns.filter((c) => c.autoincrement && values[c.name] === undefined),
  };
}

/** A table's shapes (per engine: they hold its SQL) by which columns have a value; the generated columns read back follow from that. */
const shapes = new WeakMap<EntityMapper, Map<number | string, BatchShape>>();

/** Which of the entity's columns have a value: bits while they fit in a small integer, else text. */
export function shapeKey(values: Record<string, unknown>, columns: readonly ColumnMeta[]): number | string {
  if (columns.length <= 30) {
    let bits = 0;
    for (let i = 0; i < columns.length; i++) if (values[columns[i]!.name] !== undefined) bits |= 1 << i;
    return bits;
  }
  let text = "";
  for (const c of columns) text += values[c.name] !== undefined ? "1" : "0";
  return text;
}

const keyers = new WeakMap<EntityInfo, (values: Record<string, unknown>) => number | string>();

/** `shapeKey` for one entity: while the bits fit, a straight-line function (property reads by constant name). */
function shapeKeyer(entity: EntityInfo): (values: Record<string, unknown>) => number | string {
  let keyer = keyers.get(entity);
  if (keyer === undefined) {
    const columns = entity.columns;
    if (columns.length <= 30) {
      const tests = columns.map((c, i) => `if (o[${JSON.stringify(c.name)}] !== undefined) b |= ${2 ** i};`);
      keyer = new Function(`return function shapeKey(o) {\nlet b = 0;\n${tests.join("\n")}\nreturn b;\n};`)() as (values: Record<string, unknown>) => number;
    } else keyer = (values) => shapeKey(values, columns);
    keyers.set(entity, keyer);
  }
  return keyer;
}

/** Consecutive objects written with the same columns (a run keeps the plan's order within the table). */
function sameShape(objects: readonly object[], mapper: EntityMapper): { shape: BatchShape; objects: object[] }[] {
  const entity = mapper.info;
  const keyOf = shapeKeyer(entity);
  let known = shapes.get(mapper);
  if (!known) shapes.set(mapper, (known = new Map()));
  const runs: { key: number | string; shape: BatchShape; objects: object[] }[] = [];
  let last: (typeof runs)[number] | undefined;
  for (const obj of objects) {
    const key = keyOf(obj as Record<string, unknown>);
    if (last?.key === key) {
      last.objects.push(obj);
      continue;
    }
    let shape = known.get(key);
    if (!shape) known.set(key, (shape = { ...shapeOf(obj, entity), sql: new Map() }));
    runs.push((last = { key, shape, objects: [obj] }));
  }
  return runs;
}

/**
 * The plan's inserts as waves of one table each: the longest run of that
 * table's next rows (in plan order) whose parents are all written already.
 * Each table's rows keep the plan's order, so generated keys rise in the order
 * the objects were added, and a wave may be written in one statement. The
 * next wave is of the table whose next row comes first in the plan, which is
 * always ready (its parents precede it in the plan). postUpdates' deferred
 * references do not count: they are written after every INSERT.
 */
function* waves(plan: FlushPlan): Generator<object[]> {
  const deferred = new Set(plan.postUpdates.map((p) => p.obj));
  const position = plan.insertIndex;
  /** By position: the rows of the waves yielded so far. */
  const written = new Uint8Array(plan.inserts.length);
  /** Whether every parent `obj` takes a key from in this flush is written already. */
  const ready = (obj: object): boolean => {
    const state = stateOf(obj);
    const slots = state.slots;
    if (slots === undefined) return true;
    for (const relation of listsOf(state.entity).parents) {
      const target = slots[relation.index]?.value;
      if (!target || target === obj) continue;
      const at = position.get(target);
      if (at === undefined || written[at] === 1) continue;
      if (deferred.has(obj) && plan.postUpdates.some((p) => p.obj === obj && p.relation === relation)) continue;
      return false;
    }
    return true;
  };
  /** Per table: its rows and their positions in the plan, and the next row to write. */
  const tables = new Map<EntityInfo, { rows: object[]; at: number[]; next: number }>();
  const inserts = plan.inserts;
  // Consecutive rows are mostly of one table (a parent's children follow it): the last one found is tried first.
  let lastEntity: EntityInfo | undefined;
  let last: { rows: object[]; at: number[]; next: number } | undefined;
  for (let i = 0; i < inserts.length; i++) {
    const obj = inserts[i]!;
    const entity = stateOf(obj).entity;
    let table = entity === lastEntity ? last : tables.get(entity);
    if (table === undefined) tables.set(entity, (table = { rows: [], at: [], next: 0 }));
    table.rows.push(obj);
    table.at.push(i);
    lastEntity = entity;
    last = table;
  }
  for (;;) {
    let first: { rows: object[]; at: number[]; next: number } | undefined;
    for (const table of tables.values()) {
      if (table.next < table.rows.length && (!first || table.at[table.next]! < first.at[first.next]!)) first = table;
    }
    if (!first) return;
    const from = first.next;
    while (first.next < first.rows.length && ready(first.rows[first.next]!)) first.next++;
    yield first.rows.slice(from, first.next);
    for (let k = from; k < first.next; k++) written[first.at[k]!] = 1;
  }
}

/** One multi-row INSERT, keys written back; false when the engine refused it (see `attempt`). */
async function insertChunk(
  mapper: EntityMapper,
  shape: BatchShape,
  chunk: readonly object[],
  fullSize: number,
  keys: KeyPlan | undefined,
  conn: LoggedConnection,
  modes: readonly Bind[] | undefined,
): Promise<boolean> {
  const { columns, generated } = shape;
  const dialect = mapper.dialect;
  // Counting back from the last rowid needs the key to be the rowid itself.
  const form = generated.length === 0 || !keys ? "none" : keys.form === "ordered-last-id" && !generated[0]!.primaryKey ? "ordered-select" : keys.form;
  const sql = chunkSql(mapper, shape, chunk.length, fullSize, form);
  const params = new Array<unknown>(chunk.length * columns.length);
  const bind =
    modes === undefined ? (shape.encodingBinder ??= rowBinder(mapper, shape, undefined)) : (shape.trustedBinder ??= rowBinder(mapper, shape, modes));
  for (let i = 0, p = 0; i < chunk.length; i++, p += columns.length) bind(params, p, chunk[i]!);
  const result = await attempt(
    conn,
    dialect,
    async () => (form === "ordered-select" || form === "returning" ? { rows: await conn.query(sql, params) } : await conn.execute(sql, params)),
    { action: "insert", mapper, objects: chunk, sql, params },
  );
  if (!result) return false;
  const rows = "rows" in result ? result.rows : undefined;
  // A short count would shift every key counted from the last one: such a chunk cannot be trusted.
  const insertId = "insertId" in result && (form !== "ordered-last-id" || result.changes === chunk.length) ? result.insertId : undefined;
  if (form === "none") return true;
  const column = generated[0]!;
  const written = rows
    ? rows.map((row) => decodeColumn(mapper, column, row[0]) as number | bigint).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    : insertId === undefined
      ? []
      : countedKeys(column, insertId, chunk.length, form === "ordered-last-id", keys!.step);
  if (written.length !== chunk.length) {
    throw new FlushError(
      `Cannot insert ${describe(chunk[0]!)} and ${chunk.length - 1} more: the database reported ${written.length} generated keys for ${chunk.length} rows.`,
      mapper.info.name,
    );
  }
  chunk.forEach((obj, i) => ((obj as Record<string, unknown>)[column.name] = written[i]));
  return true;
}

/** The INSERT text of a chunk; a full-size chunk's is kept with its shape, as every chunk but a run's last has that size. */
function chunkSql(mapper: EntityMapper, shape: BatchShape, rows: number, fullSize: number, form: KeyReturn): string {
  if (rows !== fullSize) return insertSql(mapper.dialect, mapper.table, shape.columns, rows, shape.generated, form);
  const id = `${rows}|${form}`;
  let sql = shape.sql.get(id);
  if (sql === undefined) shape.sql.set(id, (sql = insertSql(mapper.dialect, mapper.table, shape.columns, rows, shape.generated, form)));
  return sql;
}

/** `rows` consecutive keys `step` apart, starting at `id` or (`endsAt`) ending there. */
function countedKeys(column: ColumnMeta, id: number | bigint, rows: number, endsAt: boolean, step: number): (number | bigint)[] {
  const keys = new Array<number | bigint>(rows);
  const offset = endsAt ? -(rows - 1) * step : 0;
  // Plain numbers when every key is a safe integer: no bigint per row.
  if (typeof id === "number" && column.type.kind !== "BigInt" && Number.isSafeInteger(id + offset) && Number.isSafeInteger(id + offset + (rows - 1) * step)) {
    for (let i = 0; i < rows; i++) keys[i] = id + offset + i * step;
    return keys;
  }
  for (let i = 0; i < rows; i++) keys[i] = keyValue(column, BigInt(id) + BigInt(offset + i * step));
  return keys;
}

function keyValue(column: ColumnMeta, id: number | bigint): number | bigint {
  return column.type.kind === "BigInt" ? BigInt(id) : Number(id);
}

/** One association row to insert: its table and columns, its parameters, and how to write it alone (its refusal then names the pair). */
export interface LinkInsert {
  readonly table: string;
  readonly columns: readonly ColumnMeta[];
  readonly params: readonly unknown[];
  alone(): Promise<unknown>;
}

/** Association rows of one table and the same columns in multi-row INSERTs; a refused one is written row by row. */
export async function insertLinks(dialect: Dialect, links: readonly LinkInsert[], conn: LoggedConnection): Promise<void> {
  const groups = new Map<string, LinkInsert[]>();
  for (const link of links) {
    const id = `${link.table}|${link.columns.map((c) => c.column).join(",")}`;
    const group = groups.get(id);
    if (group) group.push(link);
    else groups.set(id, [link]);
  }
  for (const group of groups.values()) {
    const { table, columns } = group[0]!;
    const size = rowsPerStatement(dialect, columns.length, INSERT_ROWS);
    for (let i = 0; i < group.length; i += size) {
      const chunk = group.slice(i, i + size);
      const sql = insertSql(dialect, dialect.quote(table), columns, chunk.length, [], "none");
      if (chunk.length > 1 && (await attempt(conn, dialect, () => conn.execute(sql, chunk.flatMap((l) => l.params))))) continue;
      for (const link of chunk) await link.alone();
    }
  }
}
