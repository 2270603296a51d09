import { stateOf, Status, type InstanceState, type Slot } from "../model/instance-state.js";

/**
 * Checkpoints taken before a flush (or a transaction) first touches an object
 * or a relation slot, so a failed flush can put every object back exactly as
 * it was: keys, column values, relation contents, session membership.
 */
export class UndoLog {
  private readonly objects = new Map<object, Saved>();
  /**
   * Objects added and not yet written, whose state holds nothing but that
   * (a flush inserting thousands of them keeps their columns only): the
   * state fields to put back are those of every such object of `session`.
   */
  private readonly fresh = new Map<object, Record<string, unknown>>();
  private session: object | undefined;
  private readonly slots = new Map<Slot, SlotCopy>();
  private readonly actions: (() => void)[] = [];

  object(obj: object): void {
    if (this.objects.has(obj) || this.fresh.has(obj)) return;
    const state = stateOf(obj);
    if (this.isFresh(state)) {
      this.session = state.session;
      this.fresh.set(obj, { ...(obj as Record<string, unknown>) });
    } else this.objects.set(obj, saved(obj, state));
  }

  private isFresh(state: InstanceState): boolean {
    return (
      state.status === Status.Pending &&
      state.session !== undefined &&
      (this.session === undefined || state.session === this.session) &&
      state.key === undefined &&
      state.snapshot === undefined &&
      state.raw === undefined &&
      state.rawOffset === 0 &&
      !state.rawJson &&
      !state.deleteRequested
    );
  }

  slot(slot: Slot): void {
    if (this.slots.has(slot)) return;
    this.slots.set(slot, {
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
   * Takes over a later log's checkpoints (a flush's, inside a transaction):
   * where both saw an object or slot, this log's earlier copy wins.
   */
  absorb(later: UndoLog): void {
    for (const [obj, saved] of later.objects) if (!this.objects.has(obj) && !this.fresh.has(obj)) this.objects.set(obj, saved);
    for (const [obj, columns] of later.fresh) {
      if (this.objects.has(obj) || this.fresh.has(obj)) continue;
      if (this.session === undefined || this.session === later.session) {
        this.session = later.session;
        this.fresh.set(obj, columns);
      } else this.objects.set(obj, { ...FRESH, session: later.session, columns });
    }
    for (const [slot, saved] of later.slots) if (!this.slots.has(slot)) this.slots.set(slot, saved);
    this.actions.push(...later.actions);
  }

  apply(): void {
    for (const action of this.actions.reverse()) action();
    for (const [obj, saved] of this.objects) {
      restoreColumns(obj, saved.columns);
      restoreState(stateOf(obj), saved);
    }
    const fresh: Saved = { ...FRESH, session: this.session, columns: {} };
    for (const [obj, columns] of this.fresh) {
      restoreColumns(obj, columns);
      restoreState(stateOf(obj), fresh);
    }
    for (const [slot, saved] of this.slots) Object.assign(slot, saved);
  }
}

type SlotCopy = Pick<Slot, "loaded" | "value" | "items" | "added" | "removed" | "dirty" | "linkAdds" | "linkRemoves">;

/** An object's own properties and the state fields a flush changes, in one record (a flush of thousands of new objects takes one each). */
interface Saved extends Pick<InstanceState, "status" | "session" | "key" | "snapshot" | "raw" | "rawOffset" | "rawJson" | "deleteRequested"> {
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

function restoreColumns(obj: object, columns: Record<string, unknown>): void {
  const record = obj as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!(key in columns)) delete record[key];
  Object.assign(record, columns);
}

const STATE_FIELDS = ["status", "session", "key", "snapshot", "raw", "rawOffset", "rawJson", "deleteRequested"] as const;

function restoreState(state: InstanceState, saved: Saved): void {
  for (const field of STATE_FIELDS) (state as unknown as Record<string, unknown>)[field] = saved[field];
}
