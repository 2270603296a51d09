import type { EntityInfo } from "../model/entity-info.js";
import { stateOf } from "../model/instance-state.js";
import { knownReference } from "../model/resolve.js";
import { ChildrenOf } from "./by-parent.js";
import { entityOfItem, KeyRow } from "./delete-keys.js";

/**
 * Objects to delete → batches of one entity each, in an order every foreign
 * key allows: a row's referrers (rows pointing at it) in earlier batches.
 * Each batch becomes one `DELETE … IN` per chunk. Rows of one table that
 * reference each other (a tree) go in separate batches, leaves first: MySQL
 * checks a foreign key row by row inside one statement. Key rows
 * (delete-keys.ts) take part like objects: their one known reference is the
 * row they were reached from, and their tables are on no cycle. So do the
 * children deleted by their parents' keys (by-parent.ts), each `ChildrenOf`
 * referring to all its parents.
 */
export function inDeleteBatches(objects: readonly object[]): object[][] {
  const { order, referrers } = orderDeletes(objects);
  const batches: { entity: EntityInfo; objects: object[] }[] = [];
  const batchOf = new Map<object, number>();
  const lastOfTable = new Map<string, number>();
  const lastOfEntity = new Map<EntityInfo, number>();
  for (const obj of order) {
    const entity = entityOf(obj);
    // After the batches of its known referrers, and of every other table that can refer to its table (references not loaded).
    let earliest = 0;
    for (const referrer of referrers.get(obj) ?? []) earliest = Math.max(earliest, (batchOf.get(referrer) ?? -1) + 1);
    for (const table of referringTables(entity)) earliest = Math.max(earliest, (lastOfTable.get(table) ?? -1) + 1);
    let index = lastOfEntity.get(entity);
    if (index === undefined || index < earliest) {
      index = batches.length;
      batches.push({ entity, objects: [] });
      lastOfEntity.set(entity, index);
    }
    batches[index]!.objects.push(obj);
    batchOf.set(obj, index);
    lastOfTable.set(entity.meta.table, Math.max(lastOfTable.get(entity.meta.table) ?? -1, index));
  }
  return batches.map((b) => b.objects);
}

const referringCache = new WeakMap<EntityInfo, readonly string[]>();

/** Tables other than its own with a foreign key to `entity`'s table. */
function referringTables(entity: EntityInfo): readonly string[] {
  let tables = referringCache.get(entity);
  if (!tables) {
    const own = entity.meta.table;
    tables = entity.schema.tables.filter((t) => t.name !== own && t.foreignKeys.some((fk) => fk.targetTable === own)).map((t) => t.name);
    referringCache.set(entity, tables);
  }
  return tables;
}

/** Children before parents (and, in a tree, leaves first): reverse of an insert order over the same edges. */
function orderDeletes(objects: readonly object[]): { order: object[]; referrers: Map<object, object[]> } {
  const inSet = new Set(objects);
  const order: object[] = [];
  const mark = new Set<object>();
  // Visit an object's referrers (rows pointing at it) before the object itself.
  const referrers = new Map<object, object[]>();
  // Only references to an entity being deleted can point into the set.
  const entities = new Set<string>();
  for (const obj of objects) entities.add(entityOf(obj).name);
  const refers = (obj: object, parent: object) => {
    const list = referrers.get(parent);
    if (list) list.push(obj);
    else referrers.set(parent, [obj]);
  };
  for (const obj of objects) {
    if (obj instanceof ChildrenOf) {
      for (const parent of obj.parents) if (inSet.has(parent)) refers(obj, parent);
      continue;
    }
    if (obj instanceof KeyRow) {
      if (inSet.has(obj.parent)) refers(obj, obj.parent);
      continue;
    }
    const state = stateOf(obj);
    for (const relation of state.entity.relations) {
      if (relation.meta.foreignKeySide !== "self" || relation.many || !entities.has(relation.meta.target)) continue;
      const parent = knownReference(obj, relation);
      if (parent && parent !== obj && inSet.has(parent)) refers(obj, parent);
    }
  }
  const visit = (obj: object) => {
    if (mark.has(obj)) return;
    mark.add(obj);
    for (const child of referrers.get(obj) ?? []) visit(child);
    order.push(obj);
  };
  // Tables referenced by others last even without loaded references: start from the dependants
  // (by table rank, highest first; in their given order within one rank).
  const byRank = new Map<number, object[]>();
  for (const obj of objects) {
    const rank = tableRank(obj);
    const group = byRank.get(rank);
    if (group) group.push(obj);
    else byRank.set(rank, [obj]);
  }
  for (const rank of [...byRank.keys()].sort((a, b) => b - a)) for (const obj of byRank.get(rank)!) visit(obj);
  return { order, referrers };
}

const rankCache = new WeakMap<EntityInfo, number>();

function tableRank(obj: object): number {
  const entity: EntityInfo = entityOf(obj);
  let rank = rankCache.get(entity);
  if (rank === undefined) rankCache.set(entity, (rank = entity.schema.tables.findIndex((t) => t.name === entity.meta.table)));
  return rank;
}

function entityOf(item: object): EntityInfo {
  return item instanceof ChildrenOf ? item.entity : entityOfItem(item);
}
