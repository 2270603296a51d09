import { FlushError } from "../errors/flush-error.js";
import { inverseOf, type RelationInfo } from "../model/entity-info.js";
import { stateOf, Status, type InstanceState } from "../model/instance-state.js";
import { assignReference } from "../model/relation-ops.js";
import { lowerFirst } from "../util/naming.js";
import { ByParentRules, ChildrenOf, withUnparented } from "./by-parent.js";
import { inDeleteBatches } from "./delete-order.js";
import { KeyOnlyRules, KeyRow, type ClearedRow, type KeyHost } from "./delete-keys.js";
import { KeyReach, reachDeletes, type Nulled } from "./delete-reach.js";
import { InsertIndex } from "./insert-index.js";
import { listsOf } from "./relation-lists.js";
import type { UndoLog } from "./undo-log.js";

/** What planning needs from the session: its objects, and loading (planning may read, never write). */
export interface PlanHost extends KeyHost {
  readonly pending: ReadonlySet<object>;
  readonly toDelete: ReadonlySet<object>;
  persistentObjects(): readonly object[];
  loadRelation(owners: readonly object[], relation: RelationInfo): Promise<void>;
  /** Each owner's related objects as stored, one statement per level of keys, no slot filled (for dynamic relations). */
  fetchRelated(owners: readonly object[], relation: RelationInfo): Promise<Map<object, object[]>>;
}

export interface FlushPlan {
  /** Pending objects in an order every foreign key can be written in. */
  readonly inserts: readonly object[];
  /** Each of `inserts` by its index there. */
  readonly insertIndex: InsertIndex;
  /** To-one relations written by a second UPDATE (cycles through nullable keys). */
  readonly postUpdates: readonly { readonly obj: object; readonly relation: RelationInfo }[];
  /** Orphans (and what they cascade to), deleted before the inserts so a replacement can take their unique values. */
  readonly earlyDeletes: readonly object[];
  /** Children first. */
  readonly deletes: readonly object[];
  /**
   * `earlyDeletes` and `deletes` as batches of one entity each, in that order (one `DELETE … IN` per chunk),
   * with the rows reached by key (`KeyRow`s, never objects) in their place among them, and the children
   * written by their parents' keys (`ChildrenOf`, by-parent.ts): deleted in the children's batch, un-parented
   * in the first batch of their parents.
   */
  readonly earlyDeleteBatches: readonly (readonly object[])[];
  readonly deleteBatches: readonly (readonly object[])[];
  /** Children whose key to a deleted parent was cleared (their to-one `relation` set to null): written by UPDATEs. */
  readonly nulled: readonly { readonly child: object; readonly relation: RelationInfo }[];
  /** Rows reached by key whose key to a deleted parent is cleared (by key, in memory nothing changes). */
  readonly clearedRows: readonly ClearedRow[];
  /** Pending objects that became orphans before their first flush: they leave the session unwritten. */
  readonly discarded: readonly object[];
}

/**
 * Decides everything a flush will write before the first statement runs:
 * what the delete cascades reach (loading children where needed), which
 * children lose their parent and must get a NULL key, and the insert order.
 * A rule that cannot be met (a NOT NULL key to clear) fails here, so nothing
 * is written.
 */
export async function planFlush(host: PlanHost, undo: UndoLog): Promise<FlushPlan> {
  const discarded: object[] = [];
  const cleared: { child: object; relation: RelationInfo }[] = [];
  const orphans: object[] = [];

  // Orphans: children whose parent reference was cleared under delete-orphan.
  const orphanOf = (obj: object) => {
    const state = stateOf(obj);
    const slots = state.slots;
    if (slots === undefined) return;
    for (const relation of listsOf(state.entity).orphaning) {
      const slot = slots[relation.index];
      if (!slot?.dirty || slot.value !== null) continue;
      if (state.status === Status.Pending) discarded.push(obj);
      else orphans.push(obj);
    }
  };
  for (const obj of host.pending) orphanOf(obj);
  for (const obj of host.persistentObjects()) orphanOf(obj);

  const keyRules = new KeyOnlyRules(host);
  const byParent = new ByParentRules(host, keyRules);
  let deleting: Set<object>, nulled: Nulled[], keys: KeyReach, early: Set<object>;
  // Reaching is reading only: when a level loaded objects of an entity an earlier one wrote by parents' keys, reach again without.
  do {
    deleting = new Set();
    nulled = [];
    keys = new KeyReach(keyRules, byParent);
    await reachDeletes(host, orphans, deleting, nulled, keys);
    early = new Set(deleting);
    await reachDeletes(host, [...host.toDelete], deleting, nulled, keys);
  } while (byParent.replan());

  for (const { child, relation, parent } of nulled) {
    if (deleting.has(child)) continue;
    const childEntity = stateOf(child).entity;
    const required = relation.meta.localColumns.filter((f) => !childEntity.columns[childEntity.columnIndex.get(f)!]!.nullable);
    if (required.length > 0) {
      const parentEntity = stateOf(parent).entity;
      const parentSide = inverseOf(relation)!;
      throw new FlushError(
        `Cannot delete ${describe(parent)}: ${describe(child)} still belongs to it through ${parentEntity.name}.${parentSide.name}, ` +
          `and ${childEntity.name}.${required.join(", ")} is NOT NULL, so it cannot be cleared. ` +
          `Add @cascade(delete) (or all) to ${parentEntity.name}.${parentSide.name} to delete it along, ` +
          `move it to another ${parentEntity.name}, or delete it first. Nothing was written.`,
        childEntity.name,
        required[0],
      );
    }
    undo.object(child);
    undo.slot(stateOf(child).slot(relation));
    assignReference(child, relation, null);
    cleared.push({ child, relation });
    // A row that must first let go of a parent cannot be deleted before the updates.
    if (early.has(parent)) early.clear();
  }
  // A row both cleared and deleted (reached by two relations) is only deleted.
  const clearedRows = keys.cleared.filter(({ row }) => !keys.isDeleted(row));
  for (const { row } of clearedRows) if (early.has(row.parent)) early.clear();
  for (const { parents } of keys.unparented) if (parents.some((p) => early.has(p))) early.clear();

  const dropped = discarded.length > 0 ? new Set(discarded) : undefined;
  const toInsert = deleting.size > 0 || dropped ? [...host.pending].filter((o) => !deleting.has(o) && !dropped?.has(o)) : [...host.pending];
  for (const obj of toInsert) requireKeySources(obj);
  const inserts = orderInserts(toInsert);
  const earlyDeleteBatches = inDeleteBatches([...early]);
  const lateDeleteBatches = withUnparented(inDeleteBatches([...deleting].filter((o) => !early.has(o))), keys.unparented);
  return {
    inserts: inserts.order,
    insertIndex: inserts.index,
    postUpdates: inserts.postUpdates,
    earlyDeletes: objectsOf(earlyDeleteBatches),
    deletes: objectsOf(lateDeleteBatches),
    earlyDeleteBatches,
    deleteBatches: lateDeleteBatches,
    nulled: cleared,
    clearedRows,
    discarded,
  };
}

function objectsOf(batches: readonly (readonly object[])[]): object[] {
  return batches.flat().filter((o) => !(o instanceof KeyRow) && !(o instanceof ChildrenOf));
}

/**
 * A NOT NULL column with no value, no default and no relation that will fill
 * it fails here, before the first statement (the INSERT would fail later,
 * after other rows of the flush were written and rolled back).
 */
function requireKeySources(obj: object): void {
  const state = stateOf(obj);
  const entity = state.entity;
  const values = obj as Record<string, unknown>;
  for (const { column, fillers: relations } of listsOf(entity).required) {
    if (values[column.name] !== undefined && values[column.name] !== null) continue;
    if (filled(state, relations)) continue;
    const visible = relations.find((r) => !r.hidden);
    const parentSide = relations.map((r) => (r.hidden ? inverseOf(r) : undefined)).find((r) => r);
    const hint = visible
      ? `Set ${lowerFirst(entity.name)}.${visible.name} (or ${column.name})`
      : parentSide
        ? `Add it to a ${parentSide.owner}'s ${parentSide.name} (or set ${column.name})`
        : `Give it a value: new ${entity.name}({ ${column.name}: ... })`;
    throw new FlushError(
      `Cannot insert ${describe(obj)}: ${entity.name}.${column.name} is required (NOT NULL) and nothing gives it a value. ` +
        `${hint} before flushing. Nothing was written.`,
      entity.name,
      column.name,
    );
  }
}

/** Whether one of the to-one relations holds an object (its key fills the column at flush). */
function filled(state: InstanceState, relations: readonly RelationInfo[]): boolean {
  const slots = state.slots;
  if (slots === undefined) return false;
  for (let i = 0; i < relations.length; i++) if (slots[relations[i]!.index]?.value) return true;
  return false;
}

/**
 * Parents before children. A cycle (each row needs the other's key) is broken
 * at a nullable key: that row is inserted with NULL and updated afterwards.
 * When the cycle is first met at a NOT NULL key, a nullable edge on the same
 * cycle is broken instead and the sort starts again.
 */
function orderInserts(pending: readonly object[]) {
  const position = new InsertIndex(pending);
  if (parentsFirst(pending, position)) return { order: pending, index: position, postUpdates: [] };
  const broken = new Set<string>();
  const edgeId = (obj: object, relation: RelationInfo) => `${position.get(obj)}:${relation.index}`;
  for (;;) {
    const order: object[] = [];
    const postUpdates: { obj: object; relation: RelationInfo }[] = [];
    const mark = new Map<object, 1 | 2>();
    const path: { obj: object; relation: RelationInfo }[] = [];
    let restart = false;
    const visit = (obj: object): void => {
      mark.set(obj, 1);
      const state = stateOf(obj);
      for (const relation of state.entity.relations) {
        if (restart) return;
        if (relation.meta.foreignKeySide !== "self" || relation.many || relation.meta.viewOnly) continue;
        const target = state.peekSlot(relation)?.value;
        if (!target || !position.has(target)) continue;
        if (target === obj || broken.has(edgeId(obj, relation))) {
          postUpdates.push({ obj, relation });
          continue;
        }
        const seen = mark.get(target);
        if (seen === 2) continue;
        if (seen === 1) {
          if (nullable(obj, relation)) {
            postUpdates.push({ obj, relation });
            continue;
          }
          const start = path.findIndex((e) => e.obj === target);
          const soft = path.slice(start).find((e) => nullable(e.obj, e.relation));
          if (!soft) throw cycleError(obj, relation);
          broken.add(edgeId(soft.obj, soft.relation));
          restart = true;
          return;
        }
        path.push({ obj, relation });
        visit(target);
        path.pop();
      }
      mark.set(obj, 2);
      order.push(obj);
    };
    for (const obj of pending) {
      if (!mark.has(obj)) visit(obj);
      if (restart) break;
    }
    if (!restart) return { order, index: new InsertIndex(order), postUpdates };
  }
}

/**
 * Whether every object comes after the pending parents it takes keys from
 * (what adding a parent before its children gives): the sort would then keep
 * the order as it is, with nothing to update afterwards.
 */
function parentsFirst(pending: readonly object[], position: InsertIndex): boolean {
  for (let i = 0; i < pending.length; i++) {
    const obj = pending[i]!;
    const state = stateOf(obj);
    const slots = state.slots;
    if (slots === undefined) continue;
    for (const relation of listsOf(state.entity).parents) {
      const target = slots[relation.index]?.value;
      if (!target) continue;
      const at = position.get(target);
      if (at !== undefined && at >= i) return false;
    }
  }
  return true;
}

function nullable(obj: object, relation: RelationInfo): boolean {
  const entity = stateOf(obj).entity;
  return relation.meta.localColumns.every((f) => entity.columns[entity.columnIndex.get(f)!]!.nullable);
}

function cycleError(obj: object, relation: RelationInfo): FlushError {
  const entity = stateOf(obj).entity;
  return new FlushError(
    `Cannot insert ${describe(obj)}: it and ${entity.name}.${relation.name} need each other's key first, ` +
      `and every key on that cycle is NOT NULL. Flush one of them first, or make one key nullable. Nothing was written.`,
    entity.name,
    relation.meta.localColumns[0],
  );
}

export function describe(obj: object): string {
  const state = stateOf(obj);
  const entity = state.entity;
  const values = obj as Record<string, unknown>;
  const key = entity.meta.primaryKey.map((f) => values[f]);
  return key.every((v) => v !== undefined && v !== null) ? `${entity.name} ${key.map(String).join("/")}` : `a new ${entity.name}`;
}
