import { inverseOf, type EntityInfo, type RelationInfo } from "../model/entity-info.js";
import { stateOf, Status } from "../model/instance-state.js";
import { entityOfItem, KeyRow, byKeyAll, readChildren, type ClearedRow, type KeyOnlyRules } from "./delete-keys.js";
import { ChildrenOf, type ByParentRules } from "./by-parent.js";
import type { PlanHost } from "./flush-plan.js";

/** A child that loses its parent's key because the parent is deleted and the relation does not cascade. */
export interface Nulled {
  readonly child: object;
  readonly relation: RelationInfo;
  readonly parent: object;
}

/**
 * Rows reached by key (delete-keys.ts): each row once, and the rows whose key to a deleted parent is cleared by key;
 * children un-parented by their parents' keys (by-parent.ts).
 */
export class KeyReach {
  readonly cleared: ClearedRow[] = [];
  readonly unparented: ChildrenOf[] = [];
  private readonly claimed = new Map<EntityInfo, Set<unknown>>();

  constructor(
    readonly rules: KeyOnlyRules,
    readonly byParent: ByParentRules,
  ) {}

  /** False when the row was reached before (by another path). */
  claim(row: KeyRow): boolean {
    let keys = this.claimed.get(row.entity);
    if (!keys) this.claimed.set(row.entity, (keys = new Set()));
    if (keys.has(row.key)) return false;
    keys.add(row.key);
    return true;
  }

  isDeleted(row: KeyRow): boolean {
    return this.claimed.get(row.entity)?.has(row.key) === true;
  }
}

/**
 * Follows delete cascades from `seeds`, level by level: for each relation of
 * each entity of a level, the children of ALL its objects are loaded by one
 * load (per chunk of the loader), so a cascade costs as many reads as the
 * tree has levels, not one per parent. Children to un-parent go to `nulled`.
 * The rules are per object, as before: loaded children go through the ORM,
 * `@passiveDeletes` leaves unloaded ones to the database's ON DELETE.
 * Children nothing can observe as objects are read as key rows instead
 * (delete-keys.ts), and join `deleting` (or `keys.cleared`) as such; a last
 * level of them is not read at all but written by its parents' keys
 * (by-parent.ts), joining `deleting` (or `keys.unparented`) as a `ChildrenOf`.
 */
export async function reachDeletes(host: PlanHost, seeds: readonly object[], deleting: Set<object>, nulled: Nulled[], keys: KeyReach) {
  let level: object[] = [...seeds];
  while (level.length > 0) {
    const next: object[] = [];
    const fresh: object[] = [];
    for (const item of level) {
      if (deleting.has(item)) continue;
      // Nothing below it to follow: it is a last level.
      if (item instanceof ChildrenOf) {
        deleting.add(item);
        continue;
      }
      if (item instanceof KeyRow && !keys.claim(item)) continue;
      deleting.add(item);
      fresh.push(item);
    }
    for (const [, items] of groupByEntity(fresh)) {
      for (const relation of entityOfItem(items[0]!).relations) {
        if (relation.hidden || relation.meta.viewOnly) continue;
        await reachRelation(host, items, relation, next, nulled, keys);
      }
    }
    level = next;
  }
}

async function reachRelation(host: PlanHost, items: readonly object[], relation: RelationInfo, next: object[], nulled: Nulled[], keys: KeyReach) {
  const meta = relation.meta;
  const cascades = meta.cascade.includes("delete");
  // Key rows are only made where their rules hold: nothing of theirs to read but children by key.
  const rows = items[0] instanceof KeyRow;
  if (meta.kind === "many-to-many" || meta.foreignKeySide === "self") {
    if (!cascades || rows) return;
    for (const [, children] of await relatedOf(host, items, relation)) next.push(...children);
    return;
  }
  // The children hold the key: delete them, or clear their key.
  if (!cascades && meta.passiveDeletes) return;
  if (rows && meta.passiveDeletes) return;
  const owners = meta.passiveDeletes ? items.filter((o) => meta.lazy !== "dynamic" && stateOf(o).peekSlot(relation)?.loaded === true) : items;
  if (owners.length === 0) return;
  const inverse = cascades ? undefined : inverseOf(relation)!;
  const byParent = keys.byParent.childrenOf(owners, relation);
  if (byParent) {
    if (cascades) next.push(byParent);
    else keys.unparented.push(byParent);
    return;
  }
  if (keys.rules.canReach(relation) && byKeyAll(owners, relation)) {
    for (const { owner, child } of await readChildren(host, keys.rules, owners, relation)) {
      if (!inverse) next.push(child);
      else if (child instanceof KeyRow) keys.cleared.push({ row: child, relation });
      else nulled.push({ child, relation: inverse, parent: owner });
    }
    return;
  }
  for (const [parent, children] of await relatedOf(host, owners, relation)) {
    if (!inverse) next.push(...children);
    else for (const child of children) nulled.push({ child, relation: inverse, parent });
  }
}

function groupByEntity(objects: readonly object[]): Map<string, object[]> {
  const groups = new Map<string, object[]>();
  for (const obj of objects) {
    // Key rows apart from objects of the same entity: their relations are followed differently.
    const name = obj instanceof KeyRow ? `${obj.entity.name} (keys)` : stateOf(obj).entity.name;
    const group = groups.get(name);
    if (group) group.push(obj);
    else groups.set(name, [obj]);
  }
  return groups;
}

/** Each owner's related objects (memory's view: what was added or removed counts), loading what is not loaded in one load. */
async function relatedOf(host: PlanHost, owners: readonly object[], relation: RelationInfo): Promise<Map<object, object[]>> {
  const dynamic = relation.meta.lazy === "dynamic";
  const stored = (o: object) => stateOf(o).hasRow || stateOf(o).status === Status.Persistent;
  const unloaded = dynamic ? [] : owners.filter((o) => stored(o) && !stateOf(o).slot(relation).loaded);
  if (unloaded.length > 0) await host.loadRelation(unloaded, relation);
  // A dynamic relation never holds its items: read every stored owner's in one load, then apply what memory added or removed.
  const fetched = dynamic ? await host.fetchRelated(owners.filter(stored), relation) : undefined;
  const out = new Map<object, object[]>();
  for (const owner of owners) {
    const state = stateOf(owner);
    if (!stored(owner)) {
      const slot = state.peekSlot(relation);
      out.set(owner, slot ? (relation.many ? [...(slot.items ?? slot.added ?? [])] : slot.value ? [slot.value] : []) : []);
    } else if (fetched) {
      const slot = state.slot(relation);
      const found = fetched.get(owner) ?? [];
      const kept = slot.removed ? found.filter((o) => !slot.removed!.has(o)) : found;
      out.set(owner, [...kept, ...(slot.added ?? [])]);
    } else {
      const slot = state.slot(relation);
      out.set(owner, relation.many ? [...(slot.items ?? [])] : slot.value ? [slot.value] : []);
    }
  }
  return out;
}
