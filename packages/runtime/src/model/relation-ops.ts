import { ReadOnlyRelationError } from "../errors/usage-errors.js";
import { inverseOf, type RelationInfo } from "./entity-info.js";
import { PRELOADED, stateOf, untouched, type Carrier } from "./instance-state.js";
import { knownReference } from "./resolve.js";
import type { UndoLog } from "../session/undo-log.js";

/**
 * In-memory relation changes, keeping both sides in step: setting
 * `post.author` moves the post between the authors' loaded `posts`, adding to
 * `user.posts` sets `post.author`. Nothing here touches the database; flush
 * turns the marks left here (dirty references, link changes) into SQL.
 */

/** `ref.set(value)` from user code. */
export function setReference(obj: object, relation: RelationInfo, value: object | null): void {
  guardWritable(relation);
  const old = knownReference(obj, relation);
  if (old === value) return;
  assignReference(obj, relation, value);
  const inverse = inverseOf(relation);
  if (!inverse) return;
  if (old) detachFrom(old, inverse, obj);
  if (value) attachTo(value, inverse, obj, relation);
}

/** `collection.add(item)` from user code. */
export function addToCollection(obj: object, relation: RelationInfo, item: object): void {
  guardWritable(relation);
  if (!insertItem(obj, relation, item)) return;
  const inverse = inverseOf(relation);
  if (relation.meta.kind === "many-to-many") {
    const slot = stateOf(obj).slot(relation);
    if (slot.linkRemoves?.delete(item) !== true) (slot.linkAdds ??= new Set()).add(item);
    if (inverse) insertItem(item, inverse, obj);
    return;
  }
  if (!inverse) return;
  const previous = inverse.many ? undefined : knownReference(item, inverse);
  if (previous && previous !== obj) detachFrom(previous, relation, item);
  assignReference(item, inverse, obj);
}

/** `collection.remove(item)` from user code. */
export function removeFromCollection(obj: object, relation: RelationInfo, item: object): void {
  guardWritable(relation);
  if (!deleteItem(obj, relation, item)) return;
  const inverse = inverseOf(relation);
  if (relation.meta.kind === "many-to-many") {
    const slot = stateOf(obj).slot(relation);
    if (slot.linkAdds?.delete(item) !== true) (slot.linkRemoves ??= new Set()).add(item);
    if (inverse) deleteItem(item, inverse, obj);
    return;
  }
  if (!inverse) return;
  const current = inverse.many ? undefined : knownReference(item, inverse);
  if (current === undefined || current === obj) assignReference(item, inverse, null);
}

/** Sets a to-one slot; with the key on this side, flush must write the foreign key from it. */
export function assignReference(obj: object, relation: RelationInfo, value: object | null): void {
  const slot = stateOf(obj).slot(relation);
  slot.value = value;
  slot.loaded = true;
  if (relation.meta.foreignKeySide === "self") slot.dirty = true;
}

/** `owner`'s side of `relation` no longer holds `obj`. */
function detachFrom(owner: object, relation: RelationInfo, obj: object): void {
  if (relation.many) {
    deleteItem(owner, relation, obj);
    return;
  }
  const current = knownReference(owner, relation);
  if (current === undefined || current === obj) assignReference(owner, relation, null);
}

/** `owner`'s side of `relation` now holds `obj` (the other side is `back`). */
function attachTo(owner: object, relation: RelationInfo, obj: object, back: RelationInfo): void {
  if (relation.many) {
    insertItem(owner, relation, obj);
    return;
  }
  const previous = knownReference(owner, relation);
  // One-to-one: the object `owner` pointed at before loses its partner.
  if (previous && previous !== obj) {
    if (knownReference(previous, back) === owner) assignReference(previous, back, null);
  }
  assignReference(owner, relation, obj);
}

/** Adds to the loaded items, or remembers it for when they load; false when already there. */
function insertItem(owner: object, relation: RelationInfo, item: object): boolean {
  const slot = stateOf(owner).slot(relation);
  if (slot.loaded) {
    if (slot.items!.includes(item)) return false;
    slot.items!.push(item);
    return true;
  }
  slot.removed?.delete(item);
  slot.added ??= [];
  if (slot.added.includes(item)) return false;
  slot.added.push(item);
  return true;
}

function deleteItem(owner: object, relation: RelationInfo, item: object): boolean {
  const slot = stateOf(owner).slot(relation);
  if (slot.loaded) {
    const index = slot.items!.indexOf(item);
    if (index < 0) return false;
    slot.items!.splice(index, 1);
    return true;
  }
  const index = slot.added?.indexOf(item) ?? -1;
  if (index >= 0) slot.added!.splice(index, 1);
  (slot.removed ??= new Set()).add(item);
  return true;
}

function guardWritable(relation: RelationInfo): void {
  if (relation.meta.viewOnly) throw new ReadOnlyRelationError(relation.owner, relation.name, relation.meta.through?.entity);
}

/**
 * What a load found, merged with what user code changed before it loaded.
 * An already loaded slot keeps its in-memory state: the session's objects win
 * over a re-read, as in any identity-mapped session.
 */
/**
 * Loads fill thousands of objects nobody may ever change: those keep what was
 * loaded in one array on the object instead of a state with slots.
 */
function fillUntouched(owner: object, relation: RelationInfo, found: object[] | object | null): boolean {
  const origin = untouched(owner);
  if (!origin) return false;
  const carrier = owner as Carrier;
  // Sized once for every relation: an empty array would grow to 16 slots on its first write.
  const filled = (carrier[PRELOADED] ??= new Array(origin.entity.relations.length));
  if (filled[relation.index] === undefined) filled[relation.index] = found;
  return true;
}

export function fillCollection(owner: object, relation: RelationInfo, found: readonly object[]): void {
  if (fillUntouched(owner, relation, found as object[])) return;
  const slot = stateOf(owner).slot(relation);
  if (slot.loaded) return;
  // The loader hands over a fresh array per parent; only a parent sharing a key with another needs a copy.
  let items = slot.removed ? found.filter((o) => !slot.removed!.has(o)) : (found as object[]);
  if (slot.added) for (const o of slot.added) if (!items.includes(o)) items = [...items, o];
  slot.items = items;
  slot.added = undefined;
  slot.removed = undefined;
  slot.loaded = true;
}

export function fillReference(owner: object, relation: RelationInfo, found: object | null): void {
  if (fillUntouched(owner, relation, found)) return;
  const slot = stateOf(owner).slot(relation);
  if (slot.loaded) return;
  slot.value = found;
  slot.loaded = true;
}

/**
 * A deleted object leaves the loaded relations of the objects around it (a
 * flush's delete, recorded in its undo log; a bulk delete, which has none).
 */
export function detachDeleted(obj: object, undo?: UndoLog): void {
  const state = stateOf(obj);
  for (const relation of state.entity.relations) {
    const inverse = inverseOf(relation);
    if (!inverse) continue;
    let others: readonly object[];
    if (relation.many) {
      const slot = state.peekSlot(relation);
      if (!slot?.loaded) continue;
      others = slot.items ?? [];
    } else {
      const other = knownReference(obj, relation);
      if (!other) continue;
      others = [other];
    }
    for (const other of others) {
      const otherSlot = stateOf(other).peekSlot(inverse);
      if (!otherSlot?.loaded) continue;
      undo?.slot(otherSlot);
      if (inverse.many) {
        const i = otherSlot.items!.indexOf(obj);
        if (i >= 0) otherSlot.items!.splice(i, 1);
      } else if (otherSlot.value === obj) {
        otherSlot.value = null;
      }
    }
  }
}
