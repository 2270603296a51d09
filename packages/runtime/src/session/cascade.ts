import { RelgenError } from "../errors/relgen-error.js";
import type { CascadeMeta } from "../schema-meta.js";
import { stateOf, Status, type Slot } from "../model/instance-state.js";
import { addToCollection, removeFromCollection, setReference } from "../model/relation-ops.js";
import { cascadeRelations } from "./relation-lists.js";
import type { Session } from "./session.js";

/**
 * `obj` and every object its relations with cascade `kind` reach in memory
 * (loaded or just added), breadth first so that siblings keep the order they
 * were added in (and so get their keys in that order).
 */
export function cascadeTargets(obj: object, kind: CascadeMeta): object[] {
  const queue = [obj];
  // `add()` of one object and its few children: scanning the short queue is cheaper than a Set per call.
  let seen: Set<object> | undefined;
  walk(queue, 0, kind, (o) => {
    if (seen !== undefined) {
      if (seen.has(o)) return;
      seen.add(o);
    } else {
      if (queue.includes(o)) return;
      if (queue.length >= SHORT_QUEUE) seen = new Set(queue).add(o);
    }
    queue.push(o);
  });
  return queue;
}

/** Up to this many objects reached, `cascadeTargets` looks through its queue instead of keeping a Set. */
const SHORT_QUEUE = 32;

/**
 * `cascadeTargets` of each root in turn, each object listed once: where the
 * first root that reaches it put it. Objects an earlier root's walk already
 * expanded are not walked again (a flush starts one walk from every object of
 * the session, and most of them hang off one another).
 */
export function cascadeTargetsOfAll(roots: readonly object[], kind: CascadeMeta): object[] {
  const seen = new Set<object>();
  const queue: object[] = [];
  const reach = (o: object) => {
    if (!seen.has(o)) {
      seen.add(o);
      queue.push(o);
    }
  };
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    queue.push(root);
    walk(queue, queue.length - 1, kind, reach);
  }
  return queue;
}

/** Breadth first from `queue[from]`: hands `reach` what the cascade reaches (it appends what is new to `queue`). */
function walk(queue: object[], from: number, kind: CascadeMeta, reach: (o: object) => void): void {
  for (let i = from; i < queue.length; i++) {
    const state = stateOf(queue[i]!);
    const slots = state.slots;
    if (slots === undefined) continue;
    const relations = cascadeRelations(state.entity, kind);
    for (let r = 0; r < relations.length; r++) {
      const slot = slots[relations[r]!.index];
      if (slot !== undefined) eachMember(slot, reach);
    }
  }
}

/** Every object a relation slot holds or is about to hold: its value, loaded items, additions and link additions. */
export function eachMember(slot: Slot, visit: (o: object) => void): void {
  if (slot.value) visit(slot.value);
  if (slot.items !== undefined) for (const o of slot.items) visit(o);
  if (slot.added !== undefined) for (const o of slot.added) visit(o);
  if (slot.linkAdds !== undefined) for (const o of slot.linkAdds) visit(o);
}

/**
 * SQLAlchemy's merge: the session's object for the same row receives the
 * given object's column values; relations with the `merge` cascade that are
 * loaded on the given object are merged item by item and set.
 */
export async function cascadeMerge(session: Session, obj: object, done: Map<object, object>): Promise<object> {
  const already = done.get(obj);
  if (already) return already;
  const state = stateOf(obj);
  if (state.session === session) {
    done.set(obj, obj);
    return obj;
  }
  const entity = state.entity;
  const values = obj as Record<string, unknown>;
  const hasKey = entity.meta.primaryKey.every((f) => values[f] !== undefined && values[f] !== null);
  let target = hasKey ? await session.get(entity.model as never, keyArg(entity.meta.primaryKey, values)) : undefined;
  if (!target) {
    target = Object.create(entity.model.prototype as object) as object;
    stateOf(target);
    session.add(target);
  }
  done.set(obj, target);
  const into = target as Record<string, unknown>;
  for (const column of entity.columns) if (values[column.name] !== undefined) into[column.name] = values[column.name];
  for (const relation of entity.relations) {
    if (relation.hidden || relation.meta.viewOnly || !relation.meta.cascade.includes("merge")) continue;
    const slot = state.peekSlot(relation);
    if (!slot?.loaded) continue;
    if (relation.many) {
      const merged: object[] = [];
      for (const item of slot.items ?? []) merged.push(await cascadeMerge(session, item, done));
      // The given object's collection is the truth: load the session's one, then add and remove to match.
      const targetState = stateOf(target);
      if (targetState.status === Status.Persistent && !targetState.slot(relation).loaded) {
        await session.loadRelation([target], relation);
      }
      const current = targetState.slot(relation).items ?? [];
      for (const item of [...current]) if (!merged.includes(item)) removeFromCollection(target, relation, item);
      for (const item of merged) addToCollection(target, relation, item);
    } else {
      setReference(target, relation, slot.value ? await cascadeMerge(session, slot.value, done) : null);
    }
  }
  if (stateOf(target).status === Status.Transient) throw new RelgenError("merge: the merged object did not join the session");
  return target;
}

function keyArg(pk: readonly string[], values: Record<string, unknown>): unknown {
  return pk.length === 1 ? values[pk[0]!] : Object.fromEntries(pk.map((f) => [f, values[f]]));
}
