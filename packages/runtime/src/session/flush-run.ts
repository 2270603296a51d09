import type { EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { FlushError } from "../errors/flush-error.js";
import type { RelationInfo } from "../model/entity-info.js";
import { stateOf, Status } from "../model/instance-state.js";
import type { ColumnMeta, SchemaMeta } from "../schema-meta.js";
import { describe, type FlushPlan } from "./flush-plan.js";
import { insertLinks, insertRows, type InsertHost, type LinkInsert } from "./insert-batch.js";
import { updateRows } from "./update-batch.js";
import { listsOf } from "./relation-lists.js";
import { applyDefaults, checkChangedValues, valueChecker, type Write } from "./row-values.js";
import { translateError, type WriteContext } from "./translate-error.js";
import type { UndoLog } from "./undo-log.js";
import { deleteBatches, deleteLinksOf, type DeleteHost } from "./delete-batch.js";
import { clearKeysInBatch } from "./null-keys.js";

export interface RunHost extends InsertHost, DeleteHost {
  persistentObjects(): readonly object[];
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
  // Defaults are filled first, so that one pass checks them too (the INSERT then binds them unchecked).
  let mapper: EntityMapper | undefined;
  let check: ((obj: object) => void) | undefined;
  for (const obj of plan.inserts) {
    const state = stateOf(obj);
    const entity = state.entity;
    // Rows of one table come in runs: the engine's mapper (and its checker) is looked up once a run.
    if (mapper?.info !== entity) check = valueChecker((mapper = host.mapperOf(entity.name)));
    undo.object(obj, state);
    applyDefaults(obj, entity);
    check!(obj);
  }
  const deleting = new Set(plan.earlyDeletes);
  for (const obj of plan.deletes) deleting.add(obj);
  const persistentBefore = host.persistentObjects();
  for (const obj of persistentBefore) {
    if (deleting.has(obj)) continue;
    const state = stateOf(obj);
    if (state.status === Status.Persistent) checkChangedValues(host.mapperOf(state.entity.name), obj, state);
  }

  await deleteBatches(host, plan.earlyDeleteBatches, undo, conn, events);

  await insertRows(host, plan, undo, conn, write, true);

  for (const { obj, relation } of plan.postUpdates) {
    const state = stateOf(obj);
    undo.slot(state.slot(relation));
    state.slot(relation).dirty = true;
  }

  await clearKeysInBatch(host, plan, undo, conn);

  // With no row handler registered, nothing ran between a row's INSERT and here that could change it (its
  // snapshot was taken right after): only the rows inserted before a cyclic key's second UPDATE need the walk.
  // With no row before the flush and no cyclic key to write, every persistent object is one just inserted: no UPDATE to look for.
  if (persistentBefore.length > 0 || plan.postUpdates.length > 0 || events !== undefined) {
    await updateRows(host, undo, conn, write, deleting, events === undefined ? unchangedSinceInsert(plan) : undefined);
  }

  await deleteLinksOf(host, deleting, conn);
  await writeLinks(host, undo, write, deleting, conn);

  await deleteBatches(host, plan.deleteBatches, undo, conn, events);
  // Pending objects that were deleted before they were ever written simply leave.
  for (const obj of [...host.toDelete]) {
    if (stateOf(obj).status === Status.Pending || stateOf(obj).status === Status.Transient) {
      host.toDelete.delete(obj);
    }
  }
}

function unchangedSinceInsert(plan: FlushPlan): (obj: object) => boolean {
  const written = plan.insertIndex;
  if (plan.postUpdates.length === 0) return (obj) => written.has(obj);
  const updated = new Set(plan.postUpdates.map((p) => p.obj));
  return (obj) => written.has(obj) && !updated.has(obj);
}

/** Association rows of many-to-many collections: removals, then additions, each row once. */
async function writeLinks(host: RunHost, undo: UndoLog, write: Write, deleting: ReadonlySet<object>, conn: LoggedConnection) {
  // Link changes sit in many-to-many slots only: with no object of an entity that has one, there is nothing to walk.
  let linked = false;
  for (const [entity] of host.identity.byEntity()) if (listsOf(entity).links.length > 0) linked = true;
  if (!linked) return;
  const removals = new Map<string, { obj: object; relation: RelationInfo; other: object }>();
  const additions = new Map<string, { obj: object; relation: RelationInfo; other: object }>();
  for (const obj of host.persistentObjects()) {
    const state = stateOf(obj);
    const slots = state.slots;
    if (slots === undefined) continue;
    for (const relation of listsOf(state.entity).links) {
      const slot = slots[relation.index];
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
  const inserts: LinkInsert[] = [];
  for (const { obj, relation, other } of additions.values()) {
    if (stateOf(other).status !== Status.Persistent) {
      throw new FlushError(
        `Cannot link ${describe(obj)} to ${describe(other)} through ${relation.owner}.${relation.name}: ` +
          `the ${stateOf(other).entity.name} is not in this session. Add it with session.add().`,
        relation.owner,
      );
    }
    const { sql, params } = linkStatement(host, relation, obj, other, "insert");
    const table = tableOf(relation.schema, relation.meta.through!.table);
    inserts.push({
      table: table.name,
      columns: linkRow(relation, obj, other).map(([, , column]) => column),
      params,
      alone: () => write({ action: "insert", entity: stateOf(obj).entity, obj, link: { relation, other } }, sql, params, false),
    });
  }
  if (inserts.length > 0) await insertLinks(host.mapperOf(stateOf(additions.values().next().value!.obj).entity.name).dialect, inserts, conn);
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

function tableOf(schema: SchemaMeta, name: string) {
  return schema.tables.find((t) => t.name === name)!;
}

function tableColumn(table: ReturnType<typeof tableOf>, field: string): ColumnMeta {
  return table.columns.find((c) => c.name === field)!;
}

function columnName(table: ReturnType<typeof tableOf>, field: string): string {
  return tableColumn(table, field)?.column ?? field;
}
