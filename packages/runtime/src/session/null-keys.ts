import type { EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { FlushError } from "../errors/flush-error.js";
import type { EntityInfo, RelationInfo } from "../model/entity-info.js";
import { stateOf, Status } from "../model/instance-state.js";
import { SqlBuilder } from "../query/sql-builder.js";
import type { DeleteHost } from "./delete-batch.js";
import { describe, type FlushPlan } from "./flush-plan.js";
import { keyChunks, keyIn } from "./key-in.js";
import { translateError } from "./translate-error.js";
import type { UndoLog } from "./undo-log.js";

/**
 * The children a delete un-parents (`plan.nulled`) whose only change is that
 * cleared key: `UPDATE t SET fk = NULL WHERE pk IN (…)`, one per table and
 * key per chunk, before the row-by-row updates (which then find nothing left
 * to write for them). A child with other changes, or of an entity with update
 * handlers, is left to the row-by-row UPDATE. Until the flush batches UPDATEs
 * in general this is the delete cascade's own; it can then give way to that.
 */
export async function clearKeysInBatch(
  host: DeleteHost,
  plan: FlushPlan,
  undo: UndoLog,
  conn: LoggedConnection,
): Promise<void> {
  const groups = new Map<RelationInfo, object[]>();
  for (const { child, relation } of plan.nulled) {
    const state = stateOf(child);
    if (state.status !== Status.Persistent) continue;
    if (host.hasRowHandlers(state.entity, ["beforeUpdate", "afterUpdate"])) continue;
    const mapper = host.mapperOf(state.entity.name);
    const slot = state.peekSlot(relation);
    if (!slot?.dirty || slot.value !== null) continue;
    // Only the cleared key may differ from the row: any other change is the row-by-row UPDATE's.
    const values = child as Record<string, unknown>;
    const before = mapper.baseline(state);
    const local = new Set(relation.meta.localColumns);
    const columns = state.entity.columns;
    const now = mapper.snapshotOf(child);
    if (columns.some((c, i) => !local.has(c.name) && now[i] !== before[i])) continue;
    if (relation.meta.localColumns.every((f) => before[state.entity.columnIndex.get(f)!] === null)) continue;
    undo.object(child);
    undo.slot(slot);
    for (const f of relation.meta.localColumns) values[f] = null;
    slot.dirty = false;
    const group = groups.get(relation);
    if (group) group.push(child);
    else groups.set(relation, [child]);
  }
  for (const [relation, children] of groups) {
    const entity = stateOf(children[0]!).entity;
    const mapper = host.mapperOf(entity.name);
    for (const chunk of keyChunks(children, entity.meta.primaryKey.length)) {
      const { sql, params } = clearStatement(mapper, relation, chunk);
      const changes = await run(conn, mapper, entity, chunk[0]!, sql, params);
      // A row someone else deleted: found row by row, refused as the row-by-row UPDATE refuses it.
      if (changes < chunk.length) for (const child of chunk) await clearOne(conn, mapper, relation, child);
      for (const child of chunk) stateOf(child).snapshot = mapper.snapshotOf(child);
    }
  }
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
  const d = mapper.dialect;
  const sb = new SqlBuilder(d);
  const entity = mapper.info;
  const column = (f: string) => entity.columns[entity.columnIndex.get(f)!]!;
  const set = relation.meta.localColumns.map((f) => `${d.quote(column(f).column)} = NULL`).join(", ");
  const pk = entity.meta.primaryKey.map(column);
  const where = keyIn(sb, pk.map((c) => c.column), pk, children, entity.name);
  return { sql: `UPDATE ${mapper.table} SET ${set} WHERE ${where}`, params: sb.params };
}
