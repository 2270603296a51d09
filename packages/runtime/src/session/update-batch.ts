import type { EntityMapper } from "../engine/entity-mapper.js";
import { rowsPerStatement, updateCaseSql, updateFromValuesSql } from "../engine/batch-sql.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { FlushError } from "../errors/flush-error.js";
import { stateOf, Status } from "../model/instance-state.js";
import { SqlBuilder } from "../query/sql-builder.js";
import type { ColumnMeta } from "../schema-meta.js";
import { sameAsSnapshot } from "./autoflush.js";
import { attempt } from "./batch-attempt.js";
import type { EntityEventName } from "./events.js";
import { describe } from "./flush-plan.js";
import type { InsertHost } from "./insert-batch.js";
import { keyIn } from "./key-in.js";
import { checkChangedValues, columnMeta, encode, keyParams, keyWhere, syncForeignKeys, type Write } from "./row-values.js";
import type { UndoLog } from "./undo-log.js";

/**
 * Rows per multi-row UPDATE, per engine, from scripts/bench-update-forms.ts
 * (1,000 rows, two columns, ratio to 1,000 prepared per-row UPDATEs):
 * SQLite UPDATE ... FROM (VALUES) 0.4–0.5× (CASE loses from 500 rows on),
 * PostgreSQL FROM (VALUES) 0.07× at 500, MariaDB CASE 0.04× at 100 (a JOIN
 * over UNION ALL 0.07×); the same values for all rows by `IN (...)` 0.02–0.3×.
 */
const UPDATE_ROWS = { sqlite: 500, postgres: 500, mysql: 100 } as const;
const SAME_ROWS = 500;

const UPDATE_EVENTS: readonly EntityEventName[] = ["beforeUpdate", "afterUpdate"];

export interface UpdateHost extends InsertHost {
  /** A list taken when asked: what a handler adds while it is walked waits for the next flush. */
  persistentObjects(): readonly object[];
}

interface Change {
  readonly obj: object;
  readonly now: unknown[];
  readonly changed: readonly ColumnMeta[];
}

/**
 * Writes the changed columns of every persistent object not being deleted.
 * Objects of one table with the same changed columns share multi-row UPDATEs
 * (all the same values: one `WHERE key IN`); an entity with update handlers is
 * written row by row between its events. A row that is gone fails the flush
 * naming its object, as a per-row UPDATE that changed nothing does.
 * Objects `unchanged` vouches for are not looked at.
 */
export async function updateRows(
  host: UpdateHost,
  undo: UndoLog,
  conn: LoggedConnection,
  write: Write,
  deleting: ReadonlySet<object>,
  unchanged?: (obj: object) => boolean,
): Promise<void> {
  const events = host.rowEvents();
  const groups = new Map<string, Change[]>();
  for (const obj of host.persistentObjects()) {
    if (deleting.has(obj) || unchanged?.(obj)) continue;
    const state = stateOf(obj);
    if (state.status !== Status.Persistent) continue;
    syncForeignKeys(obj, state.entity, undo, undefined);
    const mapper = host.mapperOf(state.entity.name);
    const before = mapper.baseline(state);
    // Most objects have nothing to write: told without allocating their snapshot.
    if (sameAsSnapshot(mapper)(obj, before)) continue;
    let now = mapper.snapshotOf(obj);
    let changed = state.entity.columns.filter((_, i) => now[i] !== before[i]);
    if (changed.length === 0) continue;
    const perRow = events !== undefined && host.hasRowHandlers(state.entity, UPDATE_EVENTS);
    if (perRow) {
      undo.object(obj);
      // What the handler changes is written by this UPDATE: what changed is computed again after it.
      await events("beforeUpdate", obj);
      syncForeignKeys(obj, state.entity, undo, undefined);
      now = mapper.snapshotOf(obj);
      changed = state.entity.columns.filter((_, i) => now[i] !== before[i]);
      if (changed.length === 0) continue;
      checkChangedValues(mapper, obj, state);
    }
    if (changed.some((c) => c.primaryKey)) {
      throw new FlushError(
        `Cannot update ${state.entity.name} ${String(state.key)}: its primary key changed. Delete it and add a new one instead.`,
        state.entity.name,
      );
    }
    undo.object(obj);
    if (perRow) {
      await updateOne(mapper, { obj, now, changed }, write);
      await events("afterUpdate", obj);
      continue;
    }
    const id = `${state.entity.name}|${changed.map((c) => c.name).join(",")}`;
    const group = groups.get(id);
    if (group) group.push({ obj, now, changed });
    else groups.set(id, [{ obj, now, changed }]);
  }
  for (const group of groups.values()) {
    const mapper = host.mapperOf(stateOf(group[0]!.obj).entity.name);
    for (const chunk of chunked(mapper, group)) {
      if (chunk.length === 1 || !(await updateChunk(mapper, chunk, conn))) {
        // One row, a refused statement or a row gone: row by row, so the failure names its object.
        for (const change of chunk) await updateOne(mapper, change, write);
      }
    }
  }
}

async function updateOne(mapper: EntityMapper, { obj, now, changed }: Change, write: Write): Promise<void> {
  const values = obj as Record<string, unknown>;
  const d = mapper.dialect;
  let n = 0;
  const set = changed.map((c) => `${d.quote(c.column)} = ${d.placeholder(++n)}`).join(", ");
  const where = keyWhere(mapper, () => d.placeholder(++n));
  const params = [...changed.map((c) => encode(mapper, c, values[c.name])), ...keyParams(mapper, obj)];
  const result = await write({ action: "update", entity: mapper.info, obj }, `UPDATE ${mapper.table} SET ${set} WHERE ${where}`, params, false);
  if (result.changes === 0) {
    throw new FlushError(
      `Cannot update ${describe(obj)}: its row is gone (deleted by someone else since it was loaded). Reload it and try again.`,
      mapper.info.name,
    );
  }
  stateOf(obj).snapshot = now;
}

/** Runs of rows that share one statement: the same values for all (one `IN` list), or chunks of the engine's size. */
function* chunked(mapper: EntityMapper, group: readonly Change[]): Generator<readonly Change[]> {
  const keys = mapper.info.meta.primaryKey.length;
  const columns = group[0]!.changed.length;
  const same = keys === 1 && group.every((c) => sameValues(mapper, c, group[0]!));
  const batchable = mapper.dialect.name !== "mysql" || keys === 1;
  const size = !batchable
    ? 1
    : same
      ? rowsPerStatement(mapper.dialect, 1, SAME_ROWS - columns)
      : rowsPerStatement(mapper.dialect, 2 * (keys + columns), UPDATE_ROWS[mapper.dialect.name]);
  for (let i = 0; i < group.length; i += size) yield group.slice(i, i + size);
}

function sameValues(mapper: EntityMapper, a: Change, b: Change): boolean {
  return a.changed.every((c) => {
    const i = mapper.info.columnIndex.get(c.name)!;
    return a.now[i] === b.now[i];
  });
}

/** One multi-row UPDATE; false when the engine refused it or it changed fewer rows than it names (one is gone). */
async function updateChunk(mapper: EntityMapper, chunk: readonly Change[], conn: LoggedConnection): Promise<boolean> {
  const d = mapper.dialect;
  const changed = chunk[0]!.changed;
  const keys = mapper.info.meta.primaryKey.map((f) => columnMeta(mapper.info, f));
  const valuesOf = (obj: object) => changed.map((c) => encode(mapper, c, (obj as Record<string, unknown>)[c.name]));
  const objects = chunk.map((c) => c.obj);
  let params: unknown[] = [];
  let sql: string;
  if (keys.length === 1 && chunk.every((c) => sameValues(mapper, c, chunk[0]!))) {
    ({ sql, params } = sameValuesUpdate(mapper, changed, valuesOf(chunk[0]!.obj), objects));
  } else if (d.name === "mysql") {
    sql = updateCaseSql(d, mapper.table, changed, keys[0]!, chunk.length);
    const rows = chunk.map(({ obj }) => ({ key: keyParams(mapper, obj)[0], values: valuesOf(obj) }));
    changed.forEach((_, i) => rows.forEach((r) => params.push(r.key, r.values[i])));
    for (const r of rows) params.push(r.key);
  } else {
    sql = updateFromValuesSql(d, mapper.table, changed, keys, chunk.length);
    for (const { obj } of chunk) params.push(...keyParams(mapper, obj), ...valuesOf(obj));
  }
  const result = await attempt(conn, d, () => conn.execute(sql, params), { action: "update", mapper, objects, sql, params });
  // Fewer rows than objects: one is gone. The rows that are there were written;
  // the row-by-row pass writes them again (the same values) and names the missing one.
  if (!result || result.changes !== chunk.length) return false;
  for (const { obj, now } of chunk) stateOf(obj).snapshot = now;
  return true;
}

/**
 * `UPDATE t SET a = ?, … WHERE key IN (…)`: the same (encoded) values for
 * every row of `objects`, which are named by key as key-in.ts spells it.
 */
export function sameValuesUpdate(mapper: EntityMapper, changed: readonly ColumnMeta[], values: readonly unknown[], objects: readonly object[]) {
  const sb = new SqlBuilder(mapper.dialect);
  const set = changed.map((c, i) => `${sb.q(c.column)} = ${sb.param(values[i])}`).join(", ");
  const keys = mapper.info.meta.primaryKey.map((f) => columnMeta(mapper.info, f));
  const where = keyIn(sb, keys.map((c) => c.column), keys, objects, mapper.info.name);
  return { sql: `UPDATE ${mapper.table} SET ${set} WHERE ${where}`, params: sb.params };
}
