import { inverseOf, type RelationInfo } from "../model/entity-info.js";
import { stateOf, Status } from "../model/instance-state.js";
import type { PlanHost } from "./flush-plan.js";

/** A child that loses its parent's key because the parent is deleted and the relation does not cascade. */
export interface Nulled {
  readonly child: object;
  readonly relation: RelationInfo;
  readonly parent: object;
}

/**
 * Follows delete cascades from `seeds`, level by level: for each relation of
 * each entity of a level, the children of ALL its objects are loaded by one
 * load (per chunk of the loader), so a cascade costs as many reads as the
 * tree has levels, not one per parent. Children to un-parent go to `nulled`.
 * The rules are per object, as before: loaded children go through the ORM,
 * `@passiveDeletes` leaves unloaded ones to the database's ON DELETE.
 */
export async function reachDeletes(host: PlanHost, seeds: readonly object[], deleting: Set<object>, nulled: Nulled[]) {
  let level: object[] = [...seeds];
  while (level.length > 0) {
    const next: object[] = [];
    const fresh: object[] = [];
    for (const obj of level) {
      if (deleting.has(obj)) continue;
      deleting.add(obj);
      fresh.push(obj);
    }
    for (const [, objects] of groupByEntity(fresh)) {
      for (const relation of stateOf(objects[0]!).entity.relations) {
        if (relation.hidden || relation.meta.viewOnly) continue;
        await reachRelation(host, objects, relation, next, nulled);
      }
    }
    level = next;
  }
}

async function reachRelation(host: PlanHost, objects: readonly object[], relation: RelationInfo, next: object[], nulled: Nulled[]) {
  const meta = relation.meta;
  const cascades = meta.cascade.includes("delete");
  if (meta.kind === "many-to-many" || meta.foreignKeySide === "self") {
    if (!cascades) return;
    for (const [, children] of await relatedOf(host, objects, relation)) next.push(...children);
    return;
  }
  // The children hold the key: delete them, or clear their key.
  if (!cascades && meta.passiveDeletes) return;
  const owners = meta.passiveDeletes ? objects.filter((o) => meta.lazy !== "dynamic" && stateOf(o).peekSlot(relation)?.loaded === true) : objects;
  if (owners.length === 0) return;
  const inverse = cascades ? undefined : inverseOf(relation)!;
  for (const [parent, children] of await relatedOf(host, owners, relation)) {
    if (!inverse) next.push(...children);
    else for (const child of children) nulled.push({ child, relation: inverse, parent });
  }
}

function groupByEntity(objects: readonly object[]): Map<string, object[]> {
  const groups = new Map<string, object[]>();
  for (const obj of objects) {
    const name = stateOf(obj).entity.name;
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
