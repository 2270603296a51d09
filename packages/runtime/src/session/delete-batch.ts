import type { EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import type { EntityInfo } from "../model/entity-info.js";
import { stateOf, Status } from "../model/instance-state.js";
import { detachDeleted } from "../model/relation-ops.js";
import { SqlBuilder } from "../query/sql-builder.js";
import type { ColumnMeta } from "../schema-meta.js";
import type { EntityEventName } from "./events.js";
import type { IdentityMap } from "./identity-map.js";
import { reportedObject } from "./batch-attempt.js";
import { ChildrenOf, writeByParent } from "./by-parent.js";
import { KeyRow, reportable, valuesOf } from "./delete-keys.js";
import { keyChunks, keyIn } from "./key-in.js";
import { translateError, type WriteContext } from "./translate-error.js";
import type { UndoLog } from "./undo-log.js";

export interface DeleteHost {
  readonly identity: IdentityMap;
  readonly toDelete: Set<object>;
  mapperOf(entity: string): EntityMapper;
  /** Whether `entity` has a handler for one of `events` (its rows are then deleted one by one, between their events). */
  hasRowHandlers(entity: EntityInfo, events: readonly EntityEventName[]): boolean;
}

type RowEvents = (event: EntityEventName, obj: object) => Promise<void>;
type Statement = { sql: string; params: unknown[] };

/**
 * Deletes batches of one entity each (see delete-order.ts), in order: one
 * `DELETE … WHERE key IN (…)` per chunk. An entity with delete handlers
 * goes row by row instead, so each row's `beforeDelete` / `afterDelete` keep
 * their place around its own statement. Deleting a row someone else already
 * deleted is not an error (as with one statement per row). Key rows
 * (delete-keys.ts) are deleted in the same statements, and have no object
 * to forget. The writes by parents' keys (by-parent.ts) go first in their
 * batch: the children's DELETEs in the children's batch (a batch is all of
 * one entity, none of them refers to another), the un-parent UPDATEs in
 * their parents' batch.
 */
export async function deleteBatches(
  host: DeleteHost,
  batches: readonly (readonly object[])[],
  undo: UndoLog,
  conn: LoggedConnection,
  events: RowEvents | undefined,
): Promise<void> {
  for (const batch of batches) {
    const byParent = batch.filter((o) => o instanceof ChildrenOf);
    if (byParent.length > 0) await writeByParent(host, byParent, conn);
    const rows = batch.filter((o) => o instanceof KeyRow);
    const objects = batch.filter((o) => !(o instanceof KeyRow) && !(o instanceof ChildrenOf) && stateOf(o).status === Status.Persistent);
    if (objects.length === 0 && rows.length === 0) continue;
    const entity = rows[0]?.entity ?? stateOf(objects[0]!).entity;
    const mapper = host.mapperOf(entity.name);
    const perRow = events && host.hasRowHandlers(entity, ["beforeDelete", "afterDelete"]) ? events : undefined;
    const width = entity.meta.primaryKey.length;
    // Key rows were planned for an entity without handlers: one registered since never sees them, so they stay batched.
    const chunks = perRow ? [...keyChunks(rows, width), ...objects.map((o) => [o])] : keyChunks(rows.length > 0 ? [...rows, ...objects] : objects, width);
    for (const chunk of chunks) {
      const one = perRow && !(chunk[0] instanceof KeyRow) ? chunk[0]! : undefined;
      // A handler may change anything of its object: checkpointed whole first.
      if (one) undo.object(one);
      if (one) await perRow!("beforeDelete", one);
      await runChunk(conn, mapper, entity, chunk, (objs) => rowsStatement(mapper, objs));
      forget(host, rows.length > 0 ? chunk.filter((o) => !(o instanceof KeyRow)) : chunk, undo);
      if (one) await perRow!("afterDelete", one);
    }
  }
}

/**
 * A deleted object's association rows, before the row itself: one
 * `DELETE FROM through WHERE source IN (…)` per association table and
 * entity, per chunk.
 */
export async function deleteLinksOf(host: DeleteHost, deleting: Iterable<object>, conn: LoggedConnection): Promise<void> {
  const groups = new Map<string, { entity: EntityInfo; through: NonNullable<EntityInfo["relations"][number]["meta"]["through"]>; objects: object[] }>();
  for (const obj of deleting) {
    // A key row has no association rows: its entity has no many-to-many relation (delete-keys.ts).
    if (obj instanceof KeyRow) continue;
    const state = stateOf(obj);
    if (state.status !== Status.Persistent) continue;
    for (const relation of state.entity.relations) {
      const through = relation.meta.through;
      if (relation.meta.kind !== "many-to-many" || relation.meta.viewOnly || !through) continue;
      const id = `${state.entity.name}|${through.table}|${through.sourceColumns.join(",")}`;
      const group = groups.get(id);
      if (!group) groups.set(id, { entity: state.entity, through, objects: [obj] });
      else if (group.objects.at(-1) !== obj) group.objects.push(obj);
    }
  }
  for (const { entity, through, objects } of groups.values()) {
    const mapper = host.mapperOf(entity.name);
    const table = entity.schema.tables.find((t) => t.name === through.table)!;
    const columns = through.sourceColumns.map((c) => table.columns.find((x) => x.name === c)?.column ?? c);
    const fields = through.sourceReferences.map((f) => columnMeta(entity, f));
    const statement = (objs: readonly object[]) => keyStatement(mapper, mapper.dialect.quote(through.table), columns, fields, objs);
    for (const chunk of keyChunks(objects, columns.length)) await runChunk(conn, mapper, entity, chunk, statement);
  }
}

/**
 * Runs one chunk's statement. When the database refuses it (a foreign key
 * the session did not know about), the error names the refused object:
 * SQLite and MySQL undo just the failed statement, so the chunk is run again
 * row by row until the refused row; PostgreSQL has aborted the transaction
 * by then, but its report carries the refused key (`Key (id)=(7) is still
 * referenced …`). The flush then rolls back as a whole.
 */
async function runChunk(
  conn: LoggedConnection,
  mapper: EntityMapper,
  entity: EntityInfo,
  objects: readonly object[],
  statement: (objs: readonly object[]) => Statement,
): Promise<void> {
  const dialect = mapper.dialect;
  const { sql, params } = statement(objects);
  const context = (obj: object, s: Statement): WriteContext => ({ action: "delete", entity, obj: reportable(obj), sql: s.sql, params: s.params });
  try {
    await conn.execute(sql, params);
    return;
  } catch (error) {
    if (objects.length === 1 || dialect.classifyError(error)?.kind !== "foreign-key") {
      throw await translateError(error, dialect, context(objects[0]!, { sql, params }), conn);
    }
    if (dialect.name === "postgres") {
      const values = objects.map(valuesOf);
      const refused = objects[values.indexOf(reportedObject(error, entity, values) ?? values[0]!)]!;
      throw await translateError(error, dialect, context(refused, { sql, params }), conn);
    }
  }
  for (const obj of objects) {
    const one = statement([obj]);
    try {
      await conn.execute(one.sql, one.params);
    } catch (error) {
      throw await translateError(error, dialect, context(obj, one), conn);
    }
  }
}

/**
 * The objects leave the session as deleted: out of the identity map and of
 * the collections that held them. A delete changes nothing else of its object
 * (status, delete mark, identity-map entry), so one undo step per chunk puts
 * those back instead of a copy of each object; the collections' slots are
 * checkpointed as they change.
 */
function forget(host: DeleteHost, objects: readonly object[], undo: UndoLog): void {
  const requested = objects.map((o) => stateOf(o).deleteRequested);
  undo.onUndo(() => {
    objects.forEach((obj, i) => {
      const state = stateOf(obj);
      state.status = Status.Persistent;
      state.deleteRequested = requested[i]!;
      host.identity.set(state.entity, state.key, obj);
    });
  });
  for (const obj of objects) {
    // While it still has a row: its references resolve by key (a deleted object's unread ones would read as null).
    detachDeleted(obj, undo);
    const state = stateOf(obj);
    state.status = Status.Deleted;
    state.deleteRequested = false;
    host.identity.delete(state.entity, state.key);
    host.toDelete.delete(obj);
  }
}

function rowsStatement(mapper: EntityMapper, objects: readonly object[]): Statement {
  const pk = mapper.info.meta.primaryKey.map((f) => columnMeta(mapper.info, f));
  return keyStatement(mapper, mapper.table, pk.map((c) => c.column), pk, objects.map(valuesOf));
}

function keyStatement(mapper: EntityMapper, table: string, columns: readonly string[], fields: readonly ColumnMeta[], objects: readonly object[]): Statement {
  const sb = new SqlBuilder(mapper.dialect);
  const where = keyIn(sb, columns, fields, objects, mapper.info.name);
  return { sql: `DELETE FROM ${table} WHERE ${where}`, params: sb.params };
}

function columnMeta(entity: EntityInfo, field: string): ColumnMeta {
  return entity.columns[entity.columnIndex.get(field)!]!;
}
