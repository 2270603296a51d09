import { comparable, type EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { FlushError } from "../errors/flush-error.js";
import { checkValue } from "../dialect/base-dialect.js";
import type { EntityInfo, RelationInfo } from "../model/entity-info.js";
import { stateOf, Status } from "../model/instance-state.js";
import type { ColumnMeta, SchemaMeta } from "../schema-meta.js";
import { randomUuid } from "../util/platform.js";
import { describe, type FlushPlan } from "./flush-plan.js";
import type { IdentityMap } from "./identity-map.js";
import { translateError, type WriteContext } from "./translate-error.js";
import type { UndoLog } from "./undo-log.js";
import { deleteBatches, deleteLinksOf, type DeleteHost } from "./delete-batch.js";
import { clearKeysInBatch } from "./null-keys.js";
import type { EntityEventName } from "./events.js";

type RowEvents = (event: EntityEventName, obj: object) => Promise<void>;

export interface RunHost extends DeleteHost {
  readonly identity: IdentityMap;
  readonly pending: Set<object>;
  persistentObjects(): Iterable<object>;
  /** Per-row event handlers, or undefined when there are none. */
  rowEvents(): RowEvents | undefined;
}

/**
 * Writes a plan on one connection inside an open transaction: inserts
 * (parents first, keys written back), updates of changed columns only,
 * association rows, deletes (children first). Every object it touches is
 * checkpointed in `undo` first, so a failure can restore them all.
 */
export async function runFlush(host: RunHost, plan: FlushPlan, undo: UndoLog, conn: LoggedConnection): Promise<void> {
  const events = host.rowEvents();
  const write: Write = async (context: Omit<WriteContext, "sql" | "params">, sql: string, params: unknown[], returning: boolean) => {
    try {
      return returning ? { rows: await conn.query(sql, params), changes: 1 } : { rows: undefined, ...(await conn.execute(sql, params)) };
    } catch (error) {
      const mapper = host.mapperOf(context.entity.name);
      throw await translateError(error, mapper.dialect, { ...context, sql, params }, conn);
    }
  };

  for (const obj of plan.discarded) {
    undo.object(obj);
    host.pending.delete(obj);
    stateOf(obj).status = Status.Transient;
    stateOf(obj).session = undefined;
  }

  const pendingBefore = [...host.pending];
  const toDeleteBefore = [...host.toDelete];
  // Restored whole, so a retried flush inserts in the order objects were added.
  undo.onUndo(() => {
    // Before-flush members first (their order), then whatever joined since (e.g. between two flushes of a transaction).
    const pendingNow = [...host.pending];
    host.pending.clear();
    for (const o of [...pendingBefore, ...pendingNow]) host.pending.add(o);
    const toDeleteNow = [...host.toDelete];
    host.toDelete.clear();
    for (const o of [...toDeleteBefore, ...toDeleteNow]) host.toDelete.add(o);
  });

  // Every value an INSERT or UPDATE will write is checked before the first statement: a refused one leaves the database untouched.
  for (const obj of plan.inserts) checkValues(host.mapperOf(stateOf(obj).entity.name), obj);
  const deletingNow = new Set([...plan.earlyDeletes, ...plan.deletes]);
  for (const obj of host.persistentObjects()) {
    if (deletingNow.has(obj)) continue;
    const state = stateOf(obj);
    if (state.status === Status.Persistent) checkChangedValues(host.mapperOf(state.entity.name), obj, state);
  }

  await deleteBatches(host, plan.earlyDeleteBatches, undo, conn, events);

  const postUpdate = new Set(plan.postUpdates.map((p) => p.obj));
  for (const obj of plan.inserts) {
    const state = stateOf(obj);
    const mapper = host.mapperOf(state.entity.name);
    undo.object(obj);
    syncForeignKeys(obj, state.entity, undo, postUpdate.has(obj) ? plan.postUpdates : undefined);
    applyDefaults(obj, state.entity);
    if (events) {
      // What the handler sets is written by this INSERT: columns are read after it.
      await events("beforeInsert", obj);
      syncForeignKeys(obj, state.entity, undo, postUpdate.has(obj) ? plan.postUpdates : undefined);
      checkValues(mapper, obj);
    }
    const values = obj as Record<string, unknown>;
    const columns = state.entity.columns.filter((c) => values[c.name] !== undefined);
    const generated = state.entity.columns.filter((c) => c.autoincrement && values[c.name] === undefined);
    const sql = mapper.insertSql(columns, generated);
    const params = columns.map((c) => encode(mapper, c, values[c.name]));
    const dialect = mapper.dialect;
    const result = await write({ action: "insert", entity: state.entity, obj }, sql, params, generated.length > 0 && dialect.supportsReturning);
    if (generated.length > 0) {
      if (result.rows) {
        const row = result.rows[0]!;
        generated.forEach((c, i) => (values[c.name] = decodeColumn(mapper, c, row[i])));
      } else if (result.insertId !== undefined && generated.length === 1) {
        const c = generated[0]!;
        values[c.name] = c.type.kind === "BigInt" ? BigInt(result.insertId) : Number(result.insertId);
      }
    }
    forgetUnsetReferences(obj, state.entity, undo);
    state.status = Status.Persistent;
    state.session = host;
    state.key = mapper.keyOf(obj);
    state.snapshot = mapper.snapshotOf(obj);
    state.raw = undefined;
    host.identity.set(state.entity, state.key, obj);
    undo.onUndo(() => host.identity.delete(state.entity, state.key));
    host.pending.delete(obj);
    if (events) await events("afterInsert", obj);
  }

  for (const { obj, relation } of plan.postUpdates) {
    const state = stateOf(obj);
    undo.slot(state.slot(relation));
    state.slot(relation).dirty = true;
  }

  await clearKeysInBatch(host, plan, undo, conn);

  const deleting = new Set([...plan.earlyDeletes, ...plan.deletes]);
  for (const obj of [...host.persistentObjects()]) {
    if (deleting.has(obj)) continue;
    const state = stateOf(obj);
    if (state.status !== Status.Persistent) continue;
    syncForeignKeys(obj, state.entity, undo, undefined);
    const mapper = host.mapperOf(state.entity.name);
    let now = mapper.snapshotOf(obj);
    const before = mapper.baseline(state);
    let changed = state.entity.columns.filter((_, i) => now[i] !== before[i]);
    if (changed.length === 0) continue;
    if (events) {
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
    const values = obj as Record<string, unknown>;
    const d = mapper.dialect;
    let n = 0;
    const set = changed.map((c) => `${d.quote(c.column)} = ${d.placeholder(++n)}`).join(", ");
    const where = keyWhere(mapper, () => d.placeholder(++n));
    const params = [...changed.map((c) => encode(mapper, c, values[c.name])), ...keyParams(mapper, obj)];
    const sql = `UPDATE ${mapper.table} SET ${set} WHERE ${where}`;
    const result = await write({ action: "update", entity: state.entity, obj }, sql, params, false);
    if (result.changes === 0) {
      throw new FlushError(
        `Cannot update ${describe(obj)}: its row is gone (deleted by someone else since it was loaded). Reload it and try again.`,
        state.entity.name,
      );
    }
    state.snapshot = now;
    if (events) await events("afterUpdate", obj);
  }

  await deleteLinksOf(host, deleting, conn);
  await writeLinks(host, undo, write, deleting);

  await deleteBatches(host, plan.deleteBatches, undo, conn, events);
  // Pending objects that were deleted before they were ever written simply leave.
  for (const obj of [...host.toDelete]) {
    if (stateOf(obj).status === Status.Pending || stateOf(obj).status === Status.Transient) {
      host.toDelete.delete(obj);
    }
  }
}

/** Copies the keys of the objects a dirty to-one slot points at into this object's foreign-key columns. */
function syncForeignKeys(obj: object, entity: EntityInfo, undo: UndoLog, postUpdates: FlushPlan["postUpdates"] | undefined) {
  const state = stateOf(obj);
  const values = obj as Record<string, unknown>;
  for (const relation of entity.relations) {
    if (relation.meta.foreignKeySide !== "self" || relation.many || relation.meta.viewOnly) continue;
    const slot = state.peekSlot(relation);
    if (!slot?.dirty) continue;
    const deferred = postUpdates?.some((p) => p.obj === obj && p.relation === relation);
    const target = deferred ? null : slot.value;
    if (target && stateOf(target).status !== Status.Persistent) {
      throw new FlushError(
        `Cannot write ${describe(obj)}: ${entity.name}.${relation.name} points at ${describe(target)}, which is not in this session. ` +
          `Add it with session.add(), or enable the save-update cascade on that relation.`,
        entity.name,
        relation.meta.localColumns[0],
      );
    }
    undo.object(obj);
    undo.slot(slot);
    relation.meta.localColumns.forEach((field, i) => {
      values[field] = target ? (target as Record<string, unknown>)[relation.meta.remoteColumns[i]!] : null;
    });
    if (!deferred) slot.dirty = false;
  }
}

/**
 * A reference read as null before insert while its key column was given
 * directly (`new Post({ userId: 7 })`) is forgotten, so it loads user 7 on
 * next access instead of staying null.
 */
function forgetUnsetReferences(obj: object, entity: EntityInfo, undo: UndoLog): void {
  const state = stateOf(obj);
  const values = obj as Record<string, unknown>;
  for (const relation of entity.relations) {
    if (relation.meta.foreignKeySide !== "self" || relation.many) continue;
    const slot = state.peekSlot(relation);
    if (!slot || slot.value !== null || slot.dirty) continue;
    if (relation.meta.localColumns.every((f) => values[f] !== null && values[f] !== undefined)) {
      undo.slot(slot);
      slot.loaded = false;
    }
  }
}

function applyDefaults(obj: object, entity: EntityInfo): void {
  const values = obj as Record<string, unknown>;
  for (const column of entity.columns) {
    if (values[column.name] !== undefined || !column.default) continue;
    const d = column.default;
    switch (d.kind) {
      case "now":
        values[column.name] = new Date();
        break;
      case "uuid":
        values[column.name] = randomUuid();
        break;
      case "literal":
        values[column.name] = column.type.kind === "BigInt" && typeof d.value === "string" ? BigInt(d.value) : d.value;
        break;
      case "enum":
        values[column.name] = d.value;
        break;
      case "autoincrement":
        break;
    }
  }
}

type Write = (
  context: Omit<WriteContext, "sql" | "params">,
  sql: string,
  params: unknown[],
  returning: boolean,
) => Promise<{ changes: number; rows?: unknown[][] | undefined; insertId?: number | bigint | undefined }>;

/** Association rows of many-to-many collections: removals, then additions, each row once. */
async function writeLinks(host: RunHost, undo: UndoLog, write: Write, deleting: ReadonlySet<object>) {
  const removals = new Map<string, { obj: object; relation: RelationInfo; other: object }>();
  const additions = new Map<string, { obj: object; relation: RelationInfo; other: object }>();
  for (const obj of host.persistentObjects()) {
    const state = stateOf(obj);
    for (const relation of state.entity.relations) {
      if (relation.meta.kind !== "many-to-many" || relation.meta.viewOnly) continue;
      const slot = state.peekSlot(relation);
      if (!slot || (!slot.linkAdds?.size && !slot.linkRemoves?.size)) continue;
      undo.slot(slot);
      for (const other of slot.linkRemoves ?? []) removals.set(linkKey(relation, obj, other), { obj, relation, other });
      for (const other of slot.linkAdds ?? []) {
        if (deleting.has(other) || deleting.has(obj)) continue;
        additions.set(linkKey(relation, obj, other), { obj, relation, other });
      }
      slot.linkAdds = undefined;
      slot.linkRemoves = undefined;
    }
  }
  for (const { obj, relation, other } of removals.values()) {
    const { sql, params } = linkStatement(host, relation, obj, other, "delete");
    await write({ action: "delete", entity: stateOf(obj).entity, obj, link: { relation, other } }, sql, params, false);
  }
  for (const { obj, relation, other } of additions.values()) {
    if (stateOf(other).status !== Status.Persistent) {
      throw new FlushError(
        `Cannot link ${describe(obj)} to ${describe(other)} through ${relation.owner}.${relation.name}: ` +
          `the ${stateOf(other).entity.name} is not in this session. Add it with session.add().`,
        relation.owner,
      );
    }
    const { sql, params } = linkStatement(host, relation, obj, other, "insert");
    await write({ action: "insert", entity: stateOf(obj).entity, obj, link: { relation, other } }, sql, params, false);
  }
}

/** The association row as column → value, so both sides of a pair produce the same key. */
function linkRow(relation: RelationInfo, obj: object, other: object): [string, unknown, ColumnMeta][] {
  const through = relation.meta.through!;
  const table = tableOf(relation.schema, through.table);
  const a = obj as Record<string, unknown>;
  const b = other as Record<string, unknown>;
  const row: [string, unknown, ColumnMeta][] = [];
  through.sourceColumns.forEach((c, i) => row.push([columnName(table, c), a[through.sourceReferences[i]!], tableColumn(table, c)]));
  through.targetColumns.forEach((c, i) => row.push([columnName(table, c), b[through.targetReferences[i]!], tableColumn(table, c)]));
  return row.sort((x, y) => (x[0] < y[0] ? -1 : 1));
}

function linkKey(relation: RelationInfo, obj: object, other: object): string {
  return `${relation.meta.through!.table}|${linkRow(relation, obj, other)
    .map(([c, v]) => `${c}=${String(v)}`)
    .join("&")}`;
}

function linkStatement(host: RunHost, relation: RelationInfo, obj: object, other: object, action: "insert" | "delete") {
  const d = host.mapperOf(relation.owner).dialect;
  const row = linkRow(relation, obj, other);
  const table = d.quote(relation.meta.through!.table);
  const params = row.map(([, v, c]) => d.encode(c.type, v, relation.meta.through!.entity ?? relation.meta.through!.table, c.name));
  let n = 0;
  const sql =
    action === "insert"
      ? `INSERT INTO ${table} (${row.map(([c]) => d.quote(c)).join(", ")}) VALUES (${row.map(() => d.placeholder(++n)).join(", ")})`
      : `DELETE FROM ${table} WHERE ${row.map(([c]) => `${d.quote(c)} = ${d.placeholder(++n)}`).join(" AND ")}`;
  return { sql, params };
}

function keyWhere(mapper: EntityMapper, next: () => string): string {
  return mapper.info.meta.primaryKey.map((f) => `${mapper.dialect.quote(columnMeta(mapper.info, f).column)} = ${next()}`).join(" AND ");
}

function keyParams(mapper: EntityMapper, obj: object): unknown[] {
  return mapper.info.meta.primaryKey.map((f) => encode(mapper, columnMeta(mapper.info, f), (obj as Record<string, unknown>)[f]));
}

/** The values of the columns changed since the object's baseline (what its UPDATE will write), checked. */
function checkChangedValues(mapper: EntityMapper, obj: object, state: ReturnType<typeof stateOf>): void {
  const before = mapper.baseline(state);
  const values = obj as Record<string, unknown>;
  const columns = mapper.info.columns;
  const engine = mapper.dialect.name;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const value = values[c.name];
    if (value === null || value === undefined || comparable(value, c.type.kind) === before[i]) continue;
    checkValue(c.type, value, engine, mapper.info.name, c.name);
  }
}

function checkValues(mapper: EntityMapper, obj: object): void {
  const values = obj as Record<string, unknown>;
  const engine = mapper.dialect.name;
  for (const c of mapper.info.columns) {
    const value = values[c.name];
    if (value !== null && value !== undefined) checkValue(c.type, value, engine, mapper.info.name, c.name);
  }
}

function encode(mapper: EntityMapper, column: ColumnMeta, value: unknown): unknown {
  return value === null || value === undefined ? null : mapper.dialect.encode(column.type, value, mapper.info.name, column.name);
}

function decodeColumn(mapper: EntityMapper, column: ColumnMeta, raw: unknown): unknown {
  const decoder = mapper.rowDecoders[mapper.info.columnIndex.get(column.name)!];
  return raw === null || !decoder ? raw : decoder(raw);
}

function columnMeta(entity: EntityInfo, field: string): ColumnMeta {
  return entity.columns[entity.columnIndex.get(field)!]!;
}

function tableOf(schema: SchemaMeta, name: string) {
  return schema.tables.find((t) => t.name === name)!;
}

function tableColumn(table: ReturnType<typeof tableOf>, field: string): ColumnMeta {
  return table.columns.find((c) => c.name === field)!;
}

function columnName(table: ReturnType<typeof tableOf>, field: string): string {
  return tableColumn(table, field)?.column ?? field;
}
