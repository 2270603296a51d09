import { stateOf, Status, type InstanceState, type Slot } from "../model/instance-state.js";
import { listsOf } from "./relation-lists.js";

/** Each log's mark; a state or slot holding a log's mark is checkpointed in that log already. */
let generations = 0;

/**
 * Checkpoints taken before a flush (or a transaction) first touches an object
 * or a relation slot, so a failed flush can put every object back exactly as
 * it was: keys, column values, relation contents, session membership.
 *
 * Whether an object or slot is recorded already is a mark on it (the log's
 * generation), not a lookup in a map keyed by object: a flush of thousands of
 * new objects asks several times per object.
 */
export class UndoLog {
  private mark = ++generations;
  /** Objects saved whole (own properties and state fields), in the order first seen. */
  private readonly objects: object[] = [];
  private readonly saves: Saved[] = [];
  /**
   * Objects of `session` added and not yet written, whose state holds nothing
   * but that: their state fields go back to `FRESH`. Their columns sit in
   * `freshColumns`, in the same order: a copy of the object's own properties,
   * or a `LeanColumns` and what it saved.
   */
  private readonly fresh: object[] = [];
  private readonly freshColumns: unknown[] = [];
  /** Slots with no collection: the slot, `loaded`, `value`, `dirty`, in fours. */
  private readonly plainSlots: unknown[] = [];
  private readonly slotCopies: SlotCopy[] = [];
  private readonly actions: (() => void)[] = [];
  /**
   * Set by a flush outside a transaction that runs no handler until it is
   * through: nothing but the flush then writes its new objects before the log
   * is applied or dropped, and the flush writes only what `LeanColumns` saves.
   */
  leanColumns = false;

  /** `session`: the session whose objects and sets this log restores. */
  constructor(private readonly session: object) {}

  /** `state`: the object's state, when the caller holds it already. */
  object(obj: object, state: InstanceState = stateOf(obj)): void {
    if (state.undoMark === this.mark) return;
    state.undoMark = this.mark;
    if (this.isFresh(state)) {
      this.fresh.push(obj);
      const plan = this.leanColumns ? leanPlan(state.entity) : undefined;
      if (plan !== undefined) plan.save(this.freshColumns, obj, plan);
      else this.freshColumns.push({ ...(obj as Record<string, unknown>) });
    } else {
      this.objects.push(obj);
      this.saves.push(saved(obj, state));
    }
  }

  private isFresh(state: InstanceState): boolean {
    return (
      state.status === Status.Pending &&
      state.session === this.session &&
      state.key === undefined &&
      state.snapshot === undefined &&
      state.raw === undefined &&
      state.rawOffset === 0 &&
      !state.rawJson &&
      !state.deleteRequested
    );
  }

  slot(slot: Slot): void {
    if (slot.undoMark === this.mark) return;
    slot.undoMark = this.mark;
    // A to-one slot (or a collection never touched) has no collection to copy.
    if (
      slot.items === undefined &&
      slot.added === undefined &&
      slot.removed === undefined &&
      slot.linkAdds === undefined &&
      slot.linkRemoves === undefined
    ) {
      this.plainSlots.push(slot, slot.loaded, slot.value, slot.dirty);
      return;
    }
    this.slotCopies.push({
      slot,
      loaded: slot.loaded,
      value: slot.value,
      items: slot.items?.slice(),
      added: slot.added?.slice(),
      removed: slot.removed && new Set(slot.removed),
      dirty: slot.dirty,
      linkAdds: slot.linkAdds && new Set(slot.linkAdds),
      linkRemoves: slot.linkRemoves && new Set(slot.linkRemoves),
    });
  }

  /** Anything else to reverse (session sets, identity-map entries). */
  onUndo(action: () => void): void {
    this.actions.push(action);
  }

  /**
   * Takes over a later log's checkpoints (a flush's, inside a transaction of
   * the same session): where both saw an object or slot, this log's earlier
   * copy wins.
   */
  absorb(later: UndoLog): void {
    // A new mark on what this log holds tells its objects and slots from the later log's.
    const mark = (this.mark = ++generations);
    for (const obj of this.objects) stateOf(obj).undoMark = mark;
    for (const obj of this.fresh) stateOf(obj).undoMark = mark;
    for (let i = 0; i < this.plainSlots.length; i += 4) (this.plainSlots[i] as Slot).undoMark = mark;
    for (const copy of this.slotCopies) copy.slot.undoMark = mark;

    const claim = (obj: object) => {
      const state = stateOf(obj);
      if (state.undoMark === mark) return false;
      state.undoMark = mark;
      return true;
    };
    later.objects.forEach((obj, i) => {
      if (!claim(obj)) return;
      this.objects.push(obj);
      this.saves.push(later.saves[i]!);
    });
    later.eachFresh((obj, at, size) => {
      if (!claim(obj)) return;
      this.fresh.push(obj);
      for (let k = 0; k < size; k++) this.freshColumns.push(later.freshColumns[at + k]);
    });
    for (let i = 0; i < later.plainSlots.length; i += 4) {
      const slot = later.plainSlots[i] as Slot;
      if (slot.undoMark === mark) continue;
      slot.undoMark = mark;
      this.plainSlots.push(slot, later.plainSlots[i + 1], later.plainSlots[i + 2], later.plainSlots[i + 3]);
    }
    for (const copy of later.slotCopies) {
      if (copy.slot.undoMark === mark) continue;
      copy.slot.undoMark = mark;
      this.slotCopies.push(copy);
    }
    this.actions.push(...later.actions);
  }

  apply(): void {
    for (const action of this.actions.reverse()) action();
    // Latest checkpoint first: were an object recorded twice, its earliest state is the one left.
    for (let i = this.objects.length - 1; i >= 0; i--) {
      const obj = this.objects[i]!;
      const saved = this.saves[i]!;
      restoreColumns(obj, saved.columns);
      restoreState(stateOf(obj), saved, saved.session);
    }
    const fresh: { obj: object; at: number }[] = [];
    this.eachFresh((obj, at) => fresh.push({ obj, at }));
    for (let i = fresh.length - 1; i >= 0; i--) {
      const { obj, at } = fresh[i]!;
      const entry = this.freshColumns[at];
      if (entry instanceof LeanColumns) entry.restore(obj, this.freshColumns, at);
      else restoreColumns(obj, entry as Record<string, unknown>);
      restoreState(stateOf(obj), FRESH, this.session);
    }
    for (let i = this.plainSlots.length - 4; i >= 0; i -= 4) {
      const slot = this.plainSlots[i] as Slot;
      slot.loaded = this.plainSlots[i + 1] as boolean;
      slot.value = this.plainSlots[i + 2] as object | null;
      slot.dirty = this.plainSlots[i + 3] as boolean;
      slot.items = undefined;
      slot.added = undefined;
      slot.removed = undefined;
      slot.linkAdds = undefined;
      slot.linkRemoves = undefined;
    }
    for (let i = this.slotCopies.length - 1; i >= 0; i--) {
      const { slot, ...saved } = this.slotCopies[i]!;
      Object.assign(slot, saved);
    }
  }

  /** Each fresh object with where its entries sit in `freshColumns` and how many there are. */
  private eachFresh(visit: (obj: object, at: number, size: number) => void): void {
    let at = 0;
    for (const obj of this.fresh) {
      const entry = this.freshColumns[at];
      const size = entry instanceof LeanColumns ? entry.stride : 1;
      visit(obj, at, size);
      at += size;
    }
  }
}

interface SlotCopy extends Pick<Slot, "loaded" | "value" | "items" | "added" | "removed" | "dirty" | "linkAdds" | "linkRemoves"> {
  readonly slot: Slot;
}

type StateFields = Pick<InstanceState, "status" | "session" | "key" | "snapshot" | "raw" | "rawOffset" | "rawJson" | "deleteRequested">;

/** An object's own properties and the state fields a flush changes, in one record. */
interface Saved extends StateFields {
  readonly columns: Record<string, unknown>;
}

function saved(obj: object, state: InstanceState): Saved {
  return {
    columns: { ...(obj as Record<string, unknown>) },
    status: state.status,
    session: state.session,
    key: state.key,
    snapshot: state.snapshot,
    raw: state.raw,
    rawOffset: state.rawOffset,
    rawJson: state.rawJson,
    deleteRequested: state.deleteRequested,
  };
}

/** The state fields of an object added to a session and never written (`session` aside). */
const FRESH = {
  status: Status.Pending,
  key: undefined,
  snapshot: undefined,
  raw: undefined,
  rawOffset: 0,
  rawJson: false,
  deleteRequested: false,
} as const;

/**
 * How a new object's columns are checkpointed when only the flush writes it
 * (no handler runs): the flush then writes nothing but columns that had no
 * value (defaults, generated keys, foreign keys) and foreign keys (copied
 * from parents). So two bit sets say which columns had a value and which
 * were own properties holding `undefined`, and the foreign keys' values are
 * kept: a few numbers per object instead of a copy of it.
 */
class LeanColumns {
  /** Entries per object in `UndoLog.freshColumns`: this plan, the two bit sets, the foreign keys. */
  readonly stride: number;
  readonly save: (out: unknown[], obj: object, plan: LeanColumns) => void;
  /** Per column: its place among the saved foreign keys, or -1. */
  private readonly keyAt: readonly number[];

  constructor(
    readonly relationCount: number,
    private readonly names: readonly string[],
    keys: readonly string[],
  ) {
    this.stride = 3 + keys.length;
    this.keyAt = names.map((n) => keys.indexOf(n));
    // Reads by constant name, as `compileSnapshot` does: a read by a name held in a variable is a slow generic lookup.
    const tests = names.map((name, i) => {
      const key = JSON.stringify(name);
      return `if (o[${key}] !== undefined) d |= ${2 ** i}; else if (${key} in o) u |= ${2 ** i};`;
    });
    const body = `let d = 0, u = 0;\n${tests.join("\n")}\nout.push(plan, d, u${keys.map((k) => `, o[${JSON.stringify(k)}]`).join("")});`;
    this.save = new Function("out", "o", "plan", body) as LeanColumns["save"];
  }

  restore(obj: object, saved: readonly unknown[], at: number): void {
    const record = obj as Record<string, unknown>;
    const defined = saved[at + 1] as number;
    const undefinedOwn = saved[at + 2] as number;
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i]!;
      const bit = 2 ** i;
      if ((defined & bit) !== 0) {
        if (this.keyAt[i]! >= 0) record[name] = saved[at + 3 + this.keyAt[i]!];
      } else if ((undefinedOwn & bit) !== 0) record[name] = undefined;
      else if (name in record) delete record[name];
    }
  }
}

/** Kept on the entity, as the flush lists are (relation-lists.ts); made again when a hidden relation was added since. */
const LEAN_PLAN = Symbol("relgen.leanColumns");

/** The entity's lean plan, or undefined when its columns do not fit in the bit sets (its objects are copied). */
function leanPlan(entity: InstanceState["entity"]): LeanColumns | undefined {
  const holder = entity as { [LEAN_PLAN]?: LeanColumns };
  const known = holder[LEAN_PLAN];
  if (known !== undefined && known.relationCount === entity.relations.length) return known;
  if (entity.columns.length > 30) return undefined;
  const keys = new Set<string>();
  for (const relation of listsOf(entity).ownKeys) for (const f of relation.meta.localColumns) keys.add(f);
  const plan = new LeanColumns(
    entity.relations.length,
    entity.columns.map((c) => c.name),
    [...keys],
  );
  holder[LEAN_PLAN] = plan;
  return plan;
}

function restoreColumns(obj: object, columns: Record<string, unknown>): void {
  const record = obj as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!(key in columns)) delete record[key];
  Object.assign(record, columns);
}

function restoreState(state: InstanceState, saved: Omit<StateFields, "session">, session: object | undefined): void {
  state.status = saved.status;
  state.session = session;
  state.key = saved.key;
  state.snapshot = saved.snapshot;
  state.raw = saved.raw;
  state.rawOffset = saved.rawOffset;
  state.rawJson = saved.rawJson;
  state.deleteRequested = saved.deleteRequested;
}
