import { InvalidArgumentError } from "../errors/value-errors.js";
import { entityOfObject, type EntityInfo, type RelationInfo } from "./entity-info.js";

export const STATE = Symbol("relgen.state");
/** On an object built from a row and not yet looked at: the row, and where it came from. */
export const ROW = Symbol("relgen.row");
export const ORIGIN = Symbol("relgen.origin");
/** On such an object: relations a load filled, by relation index (items, or the to-one value). */
export const PRELOADED = Symbol("relgen.preloaded");

/** Shared by every object one load built at one level: what their state will need once someone asks. */
export interface RowOrigin {
  readonly entity: EntityInfo;
  readonly session: object;
  readonly offset: number;
  readonly json: boolean;
  keyOf(row: readonly unknown[]): unknown;
}

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
  /** The mark of the undo log that checkpointed this slot last (see `UndoLog`). */
  undoMark = 0;

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
  /**
   * Column values as last written (comparable forms), in column order; for a
   * row just read, computed from `raw` when first needed, so loading does not
   * pay for change tracking up front.
   */
  snapshot: unknown[] | undefined = undefined;
  /** The row (or JSON array) the object was built from, its offset, and whether it came through JSON. */
  raw: readonly unknown[] | undefined = undefined;
  rawOffset = 0;
  rawJson = false;
  slots: (Slot | undefined)[] | undefined = undefined;
  handles: unknown[] | undefined = undefined;
  /** `session.delete()` was called; the row goes at the next flush. */
  deleteRequested = false;
  /** `session.expire()`: the next read of the row overwrites the columns, and `get()` reads the database. */
  expired = false;
  /** The mark of the undo log that checkpointed this object last (see `UndoLog`). */
  undoMark = 0;
  /** Its position in the insert order of the flush whose `InsertIndex` has this mark. */
  insertMark = 0;
  insertAt = 0;

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
    // Sized once for every relation: an empty array would grow (and be copied) as slots are first used.
    const slots = (this.slots ??= new Array<Slot | undefined>(this.entity.relations.length));
    let slot = slots[relation.index];
    if (!slot) {
      // A new object has nothing in the database to load. (A `noload` relation
      // reads as empty on first access, unless a query loaded it first.)
      slot = slots[relation.index] = new Slot(!this.hasRow && relation.meta.lazy !== "dynamic", relation.many);
    }
    return slot;
  }

  peekSlot(relation: RelationInfo): Slot | undefined {
    return this.slots?.[relation.index];
  }
}

export type Carrier = {
  [STATE]?: InstanceState;
  [ROW]?: readonly unknown[] | undefined;
  [ORIGIN]?: RowOrigin | undefined;
  [PRELOADED]?: (object[] | object | null | undefined)[] | undefined;
};

/** The origin of an object built from a row that nothing has asked about yet (no state of its own). */
export function untouched(obj: object): RowOrigin | undefined {
  const carrier = obj as Carrier;
  return carrier[STATE] === undefined ? carrier[ORIGIN] : undefined;
}

/** What a load filled for `relation` on an untouched object; undefined when nothing (or not untouched). */
export function preloaded(obj: object, relation: RelationInfo): object[] | object | null | undefined {
  const carrier = obj as Carrier;
  return carrier[STATE] === undefined ? carrier[PRELOADED]?.[relation.index] : undefined;
}

export function stateOf(obj: object): InstanceState {
  const carrier = obj as Carrier;
  const existing = carrier[STATE];
  if (existing) return existing;
  const origin = carrier[ORIGIN];
  if (origin) {
    // Loaded objects get their bookkeeping on first need: a read-only query never pays for it.
    const row = carrier[ROW]!;
    const state = new InstanceState(origin.entity, Status.Persistent);
    state.session = origin.session;
    state.key = origin.keyOf(row);
    state.raw = row;
    state.rawOffset = origin.offset;
    state.rawJson = origin.json;
    const filled = carrier[PRELOADED];
    if (filled) {
      const slots: (Slot | undefined)[] = (state.slots = new Array<Slot | undefined>(origin.entity.relations.length));
      filled.forEach((value, index) => {
        if (value === undefined) return;
        const many = Array.isArray(value);
        const slot = new Slot(true, false);
        if (many) slot.items = value;
        else slot.value = value;
        slots[index] = slot;
      });
    }
    carrier[STATE] = state;
    carrier[ROW] = undefined;
    carrier[ORIGIN] = undefined;
    carrier[PRELOADED] = undefined;
    return state;
  }
  const entity = entityOfObject(obj);
  if (!entity) throw new InvalidArgumentError(`${describeValue(obj)} is not a relgen model object: build it with a generated class.`);
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
