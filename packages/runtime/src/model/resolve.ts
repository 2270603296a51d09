import { entityNamed, type RelationInfo } from "./entity-info.js";
import { stateOf, untouched } from "./instance-state.js";

/** What resolving a reference asks of the session: its object for a primary key, if it holds one. */
export interface IdentityLookup {
  lookup(entity: string, keyValues: readonly unknown[]): object | undefined;
}

/**
 * Whether a to-one relation can be answered from the identity map: its key is
 * on this side and points at the target's primary key (SQLAlchemy resolves
 * such many-to-ones without SQL too). Loaders then need not fill the child's
 * side when they load a parent's collection, which is most of their cost.
 */
export function resolvableByKey(relation: RelationInfo): boolean {
  let known = resolvable.get(relation);
  if (known === undefined) {
    const meta = relation.meta;
    known = false;
    if (meta.foreignKeySide === "self" && !relation.many && !meta.through) {
      const target = entityNamed(relation.schema, meta.target);
      const pk = target.meta.primaryKey;
      known = pk.length === meta.remoteColumns.length && pk.every((f, i) => meta.remoteColumns[i] === f);
    }
    resolvable.set(relation, known);
  }
  return known;
}
const resolvable = new WeakMap<RelationInfo, boolean>();

/**
 * The object a to-one relation points at, as far as memory knows without a
 * query: the loaded value; null when the key is null; the session's object
 * for the key. `undefined` means only a query can tell. A successful answer
 * marks the relation loaded.
 */
/** `knownReference` for an object with no state yet: answers from its key and the identity map, marks nothing. */
export function peekReference(obj: object, relation: RelationInfo): object | null | undefined {
  const origin = untouched(obj);
  if (!origin || relation.meta.lazy === "raise" || !resolvableByKey(relation)) return undefined;
  const values = obj as Record<string, unknown>;
  const columns = relation.meta.localColumns;
  if (columns.length === 1) {
    const v = values[columns[0]!];
    if (v === null || v === undefined) return null;
    return (origin.session as IdentityLookup).lookup(relation.meta.target, [v]);
  }
  const keyValues = columns.map((f) => values[f]);
  if (keyValues.some((v) => v === null || v === undefined)) return null;
  return (origin.session as IdentityLookup).lookup(relation.meta.target, keyValues);
}

export function knownReference(obj: object, relation: RelationInfo): object | null | undefined {
  const state = stateOf(obj);
  const slot = state.slot(relation);
  if (slot.loaded) return slot.value;
  if (slot.raise || relation.meta.lazy === "raise" || !resolvableByKey(relation)) return undefined;
  const values = obj as Record<string, unknown>;
  const keyValues = relation.meta.localColumns.map((f) => values[f]);
  let found: object | null | undefined;
  if (keyValues.some((v) => v === null || v === undefined)) found = null;
  else found = (state.session as IdentityLookup | undefined)?.lookup(relation.meta.target, keyValues);
  if (found === undefined) return undefined;
  slot.value = found;
  slot.loaded = true;
  return found;
}
