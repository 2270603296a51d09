import type { EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { FlushError } from "../errors/flush-error.js";
import type { EntityInfo, RelationInfo } from "../model/entity-info.js";
import { stateOf, Status } from "../model/instance-state.js";
import type { DeleteHost } from "./delete-batch.js";
import { reportable, valuesOf, type ClearedRow, type KeyRow } from "./delete-keys.js";
import { describe, type FlushPlan } from "./flush-plan.js";
import { keyChunks } from "./key-in.js";
import { translateError } from "./translate-error.js";
import type { UndoLog } from "./undo-log.js";
import { sameValuesUpdate } from "./update-batch.js";

/**
 * The children a delete un-parents (`plan.nulled`) whose only change is that
 * cleared key: update-batch.ts's same-values form, `UPDATE t SET fk = ?
 * WHERE pk IN (…)` with NULL bound, one per table and key per chunk, before
 * the row-by-row updates (which then find nothing left to write for them). A
 * child with other changes, or of an entity with update handlers, is left to
 * the row-by-row UPDATE. Rows reached by key (`plan.clearedRows`) are cleared
 * the same way, after them: nothing of theirs is in memory.
 */
export async function clearKeysInBatch(
  host: DeleteHost,
  plan: FlushPlan,
  undo: UndoLog,
  conn: LoggedConnection,
): Promise<void> {
  const groups = new Map<RelationInfo, { keyColumns: readonly number[]; rows: { child: object; now: unknown[] }[] }>();
  const handled = new Map<EntityInfo, boolean>();
  for (const { child, relation } of plan.nulled) {
    const state = stateOf(child);
    if (state.status !== Status.Persistent) continue;
    const entity = state.entity;
    let perRow = handled.get(entity);
    if (perRow === undefined) handled.set(entity, (perRow = host.hasRowHandlers(entity, ["beforeUpdate", "afterUpdate"])));
    if (perRow) continue;
    const slot = state.peekSlot(relation);
    if (!slot?.dirty || slot.value !== null) continue;
    let group = groups.get(relation);
    if (!group) groups.set(relation, (group = { keyColumns: relation.meta.localColumns.map((f) => entity.columnIndex.get(f)!), rows: [] }));
    const keyColumns = group.keyColumns;
    // Only the cleared key may differ from the row: any other change is the row-by-row UPDATE's.
    const mapper = host.mapperOf(entity.name);
    const before = mapper.baseline(state);
    const now = mapper.snapshotOf(child);
    if (!onlyKeysDiffer(now, before, keyColumns)) continue;
    if (keyColumns.every((i) => before[i] === null)) continue;
    undo.object(child);
    undo.slot(slot);
    for (const f of relation.meta.localColumns) (child as Record<string, unknown>)[f] = null;
    slot.dirty = false;
    for (const i of keyColumns) now[i] = null;
    group.rows.push({ child, now });
  }
  for (const [relation, { rows }] of groups) {
    if (rows.length === 0) continue;
    const entity = stateOf(rows[0]!.child).entity;
    const mapper = host.mapperOf(entity.name);
    for (const chunk of keyChunks(rows, entity.meta.primaryKey.length)) {
      const children = chunk.map((r) => r.child);
      const { sql, params } = clearStatement(mapper, relation, children);
      const changes = await run(conn, mapper, entity, children[0]!, sql, params);
      // A row someone else deleted: found row by row, refused as the row-by-row UPDATE refuses it.
      if (changes < children.length) for (const child of children) await clearOne(conn, mapper, relation, child);
      for (const { child, now } of chunk) stateOf(child).snapshot = now;
    }
  }
  await clearRows(host, plan.clearedRows, conn);
}

async function clearRows(host: DeleteHost, cleared: readonly ClearedRow[], conn: LoggedConnection): Promise<void> {
  const groups = new Map<RelationInfo, KeyRow[]>();
  for (const { row, relation } of cleared) {
    const group = groups.get(relation);
    if (group) group.push(row);
    else groups.set(relation, [row]);
  }
  for (const [relation, rows] of groups) {
    const entity = rows[0]!.entity;
    const mapper = host.mapperOf(entity.name);
    const columns = relation.meta.remoteColumns.map((f) => entity.columns[entity.columnIndex.get(f)!]!);
    const statement = (of: readonly KeyRow[]) => sameValuesUpdate(mapper, columns, columns.map(() => null), of.map(valuesOf));
    for (const chunk of keyChunks(rows, entity.meta.primaryKey.length)) {
      const { sql, params } = statement(chunk);
      if ((await run(conn, mapper, entity, reportable(chunk[0]!), sql, params)) === chunk.length) continue;
      // A row someone else deleted since planning read it: refused as a loaded child's would be.
      for (const row of chunk) {
        const one = statement([row]);
        if ((await run(conn, mapper, entity, reportable(row), one.sql, one.params)) === 0) {
          throw new FlushError(
            `Cannot update ${describe(reportable(row))}: its row is gone (deleted by someone else since the flush read it). Try again.`,
            entity.name,
          );
        }
      }
    }
  }
}

function onlyKeysDiffer(now: readonly unknown[], before: readonly unknown[], keyColumns: readonly number[]): boolean {
  for (let i = 0; i < now.length; i++) if (now[i] !== before[i] && !keyColumns.includes(i)) return false;
  return true;
}

async function clearOne(conn: LoggedConnection, mapper: EntityMapper, relation: RelationInfo, child: object): Promise<void> {
  const { sql, params } = clearStatement(mapper, relation, [child]);
  if ((await run(conn, mapper, mapper.info, child, sql, params)) === 0) {
    throw new FlushError(
      `Cannot update ${describe(child)}: its row is gone (deleted by someone else since it was loaded). Reload it and try again.`,
      mapper.info.name,
    );
  }
}

async function run(conn: LoggedConnection, mapper: EntityMapper, entity: EntityInfo, obj: object, sql: string, params: unknown[]) {
  try {
    return (await conn.execute(sql, params)).changes;
  } catch (error) {
    throw await translateError(error, mapper.dialect, { action: "update", entity, obj, sql, params }, conn);
  }
}

function clearStatement(mapper: EntityMapper, relation: RelationInfo, children: readonly object[]) {
  const entity = mapper.info;
  const columns = relation.meta.localColumns.map((f) => entity.columns[entity.columnIndex.get(f)!]!);
  return sameValuesUpdate(mapper, columns, columns.map(() => null), children);
}
