import { entityOfObject, type EntityInfo, type RelationInfo } from "./entity-info.js";

export const STATE = Symbol("relgen.state");

/** Where an object stands with respect to the database (SQLAlchemy's object states). */
export const enum Status {
  /** Built with `new`, not in a session. */
  Transient,
  /** In a session, not yet inserted. */
  Pending,
  /** Has a row; in a session's identity map. */
  Persistent,
  /** Its row was deleted by a flush. */
  Deleted,
  /** Has (or had) a row but belongs to no session. */
  Detached,
}

/**
 * One relation of one object. To-one: `value`. To-many: `items` once loaded;
 * before that, additions and removals wait in `added` / `removed` and are
 * merged when the collection loads. Many-to-many link changes are kept
 * separately (`linkAdds` / `linkRemoves`) because they become association
 * rows at flush whether the collection is loaded or not.
 */
export class Slot {
  loaded: boolean;
  value: object | null = null;
  items: object[] | undefined;
  added: object[] | undefined;
  removed: Set<object> | undefined;
  /** To-one with the key on this side: the foreign key must be written from `value` at flush. */
  dirty = false;
  /** A query asked for `raise` on this relation: lazy access throws. */
  raise = false;
  linkAdds: Set<object> | undefined;
  linkRemoves: Set<object> | undefined;
  loading: Promise<unknown> | undefined;

  constructor(loaded: boolean, many: boolean) {
    this.loaded = loaded;
    if (many && loaded) this.items = [];
  }
}

/** Per-object bookkeeping, kept under a symbol so `Object.keys` and JSON see only columns. */
export class InstanceState {
  status: Status;
  session: object | undefined = undefined;
  /** Identity-map key once the row exists. */
  key: unknown = undefined;
  /** Column values as last read or written (comparable forms), in column order. */
  snapshot: unknown[] | undefined = undefined;
  slots: (Slot | undefined)[] = [];
  handles: unknown[] | undefined = undefined;
  /** `session.delete()` was called; the row goes at the next flush. */
  deleteRequested = false;

  constructor(
    readonly entity: EntityInfo,
    status: Status,
  ) {
    this.status = status;
  }

  get hasRow(): boolean {
    return this.status === Status.Persistent || this.status === Status.Detached;
  }

  slot(relation: RelationInfo): Slot {
    let slot = this.slots[relation.index];
    if (!slot) {
      // A new object has nothing in the database to load. (A `noload` relation
      // reads as empty on first access, unless a query loaded it first.)
      slot = this.slots[relation.index] = new Slot(!this.hasRow && relation.meta.lazy !== "dynamic", relation.many);
    }
    return slot;
  }

  peekSlot(relation: RelationInfo): Slot | undefined {
    return this.slots[relation.index];
  }
}

export function stateOf(obj: object): InstanceState {
  const existing = (obj as { [STATE]?: InstanceState })[STATE];
  if (existing) return existing;
  const entity = entityOfObject(obj);
  if (!entity) throw new TypeError(`${describeValue(obj)} is not a relgen model object: build it with a generated class.`);
  const state = new InstanceState(entity, Status.Transient);
  // A symbol key: invisible to Object.keys, JSON.stringify and for-in, and
  // cheaper than defineProperty when thousands of rows are built.
  (obj as { [STATE]?: InstanceState })[STATE] = state;
  return state;
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return `${typeof value} ${String(value)}`;
  return value.constructor?.name ? `a ${value.constructor.name}` : "an object";
}
