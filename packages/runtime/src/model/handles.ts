import { NotLoadedError } from "../errors/not-loaded-error.js";
import { SessionStateError } from "../errors/usage-errors.js";
import type { RelationQuery } from "../relations.js";
import { entityNamed, entityOfObject, setHandleFactory, type RelationInfo } from "./entity-info.js";
import { preloaded, stateOf, untouched, type Slot } from "./instance-state.js";
import { knownReference, peekReference, type IdentityLookup } from "./resolve.js";
import { addToCollection, fillCollection, fillReference, removeFromCollection, setReference } from "./relation-ops.js";

/** What a handle asks of the session its object belongs to. */
export interface RelationLoader extends IdentityLookup {
  loadRelation(owners: readonly object[], relation: RelationInfo): Promise<void>;
  relationQuery(owner: object, relation: RelationInfo): RelationQuery<object>;
  /** User code edited a relation of one of the session's objects (its autoflush check must look closer). */
  noteRelationChange(): void;
}

/** Tells the sessions of the objects an edit touches (either side can be the one in a session). */
function noteChange(objects: readonly (object | null)[]): void {
  for (const obj of objects) if (obj) noteChangeOf(obj);
}

/** `noteChange` of one object, with no array to make (`create` runs once per new child). */
function noteChangeOf(obj: object): void {
  const session = (untouched(obj)?.session ?? stateOf(obj).session) as RelationLoader | undefined;
  session?.noteRelationChange();
}

abstract class Handle {
  constructor(
    protected readonly owner: object,
    protected readonly relation: RelationInfo,
  ) {}

  get isLoaded(): boolean {
    return stateOf(this.owner).slot(this.relation).loaded;
  }

  protected loadedSlot(): Slot {
    const slot = stateOf(this.owner).slot(this.relation);
    if (!slot.loaded) {
      if (this.relation.meta.lazy !== "noload") throw this.notLoaded();
      fillEmpty(this.owner, this.relation);
    }
    return slot;
  }

  protected notLoaded(): NotLoadedError {
    return new NotLoadedError(this.relation.owner, this.relation.name, {
      raise: this.relation.meta.lazy === "raise" || stateOf(this.owner).slot(this.relation).raise,
    });
  }

  /** The slot once loaded, read by `pick` in the same async frame (a lazy load is one frame from `load()` to the statement). */
  protected async ensureLoaded<T>(pick: (slot: Slot) => T): Promise<T> {
    const state = stateOf(this.owner);
    const slot = state.slot(this.relation);
    if (slot.loaded) return pick(slot);
    if (this.relation.meta.lazy === "raise" || slot.raise) throw this.notLoaded();
    if (this.relation.meta.lazy === "noload") {
      fillEmpty(this.owner, this.relation);
      return pick(slot);
    }
    const session = state.session as RelationLoader | undefined;
    if (!session) {
      throw new SessionStateError(
        `Cannot load ${this.relation.owner}.${this.relation.name}: this ${this.relation.owner} belongs to no session ` +
          `(it was expunged, or its session rolled back). Load it again through a session, or session.add() it first.`,
      );
    }
    if (slot.loading) {
      await slot.loading;
      return pick(slot);
    }
    // Cleared by the load that set it, not by a `.finally` promise of its own: one promise less per lazy load.
    const loading = (slot.loading = session.loadRelation([this.owner], this.relation));
    try {
      await loading;
    } finally {
      if (slot.loading === loading) slot.loading = undefined;
    }
    return pick(slot);
  }
}

class ReferenceHandle extends Handle {
  override get isLoaded(): boolean {
    return this.peek() !== undefined;
  }
  get(): object | null {
    return this.read();
  }
  get value(): object | null {
    return this.read();
  }
  private read(): object | null {
    const known = this.peek();
    if (known !== undefined) return known;
    return this.loadedSlot().value;
  }
  /** Loaded, filled by a load, or answered by the identity map; undefined when only a query can tell. */
  private peek(): object | null | undefined {
    const filled = preloaded(this.owner, this.relation) as object | null | undefined;
    if (filled !== undefined) return filled;
    if (untouched(this.owner)) return peekReference(this.owner, this.relation);
    return knownReference(this.owner, this.relation);
  }
  async load(): Promise<object | null> {
    knownReference(this.owner, this.relation);
    // Awaited here: an async function returning a promise unwrapped would take two more ticks.
    return await this.ensureLoaded(valueOf);
  }
  set(value: object | null): void {
    noteChange([this.owner, value]);
    setReference(this.owner, this.relation, value);
  }
}

/** What a loaded collection and a dynamic one share: changes made in memory, written at flush. */
abstract class ToManyHandle extends Handle {
  add(...items: object[]): void {
    const entities = items.map((item) => asEntity(this.relation, item));
    noteChange([this.owner, ...entities]);
    for (const item of entities) addToCollection(this.owner, this.relation, item);
  }
  create(init: object): object {
    const item = construct(this.relation, init);
    noteChangeOf(this.owner);
    addToCollection(this.owner, this.relation, item);
    return item;
  }
  remove(...items: object[]): void {
    noteChange([this.owner, ...items]);
    for (const item of items) removeFromCollection(this.owner, this.relation, item);
  }
}

class CollectionHandle extends ToManyHandle {
  override get isLoaded(): boolean {
    return preloaded(this.owner, this.relation) !== undefined || super.isLoaded;
  }
  items(): readonly object[] {
    return this.read();
  }
  get value(): readonly object[] {
    return this.read();
  }
  get size(): number {
    return this.read().length;
  }
  [Symbol.iterator](): Iterator<object> {
    return this.read()[Symbol.iterator]();
  }
  private read(): readonly object[] {
    // Reading what a load filled needs no state of the object's own.
    return (preloaded(this.owner, this.relation) as object[] | undefined) ?? this.loadedSlot().items!;
  }
  load(): Promise<readonly object[]> {
    return this.ensureLoaded(itemsOf);
  }
}

class DynamicHandle extends ToManyHandle {
  query(): RelationQuery<object> {
    const state = stateOf(this.owner);
    const session = state.session as RelationLoader | undefined;
    if (!session) {
      throw new SessionStateError(
        `Cannot query ${this.relation.owner}.${this.relation.name}: this ${this.relation.owner} belongs to no session. ` +
          `Add it with session.add() and flush it first.`,
      );
    }
    return session.relationQuery(this.owner, this.relation);
  }
}

/**
 * A plain object given where a collection takes items is the init of a new
 * target object (the nested form `new Customer({ orders: [{ item: "x" }] })`):
 * the back-reference it omits is set by adding it, and fills the key at flush.
 */
function asEntity(relation: RelationInfo, item: object): object {
  return entityOfObject(item) ? item : construct(relation, item);
}

function construct(relation: RelationInfo, init: object): object {
  const model = entityNamed(relation.schema, relation.meta.target).model as unknown as new (init: object) => object;
  return new model(init);
}

const valueOf = (slot: Slot): object | null => slot.value;
const itemsOf = (slot: Slot): readonly object[] => slot.items!;

/** `noload`: never queried; what user code added in memory is all there is. */
function fillEmpty(owner: object, relation: RelationInfo): void {
  if (relation.many) fillCollection(owner, relation, []);
  else fillReference(owner, relation, null);
}

function makeHandle(owner: object, relation: RelationInfo): unknown {
  // An object only read so far gets a throwaway handle rather than a state to cache it in.
  if (untouched(owner)) return newHandle(owner, relation);
  const state = stateOf(owner);
  const handles = (state.handles ??= new Array<unknown>(state.entity.relations.length));
  let handle = handles[relation.index];
  if (!handle) handle = handles[relation.index] = newHandle(owner, relation);
  return handle;
}

function newHandle(owner: object, relation: RelationInfo): Handle {
  return relation.meta.lazy === "dynamic"
    ? new DynamicHandle(owner, relation)
    : relation.many
      ? new CollectionHandle(owner, relation)
      : new ReferenceHandle(owner, relation);
}

setHandleFactory(makeHandle);
