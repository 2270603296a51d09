import { comparable, type EntityMapper } from "../engine/entity-mapper.js";
import { ORIGIN, ROW, STATE, stateOf, Status, type Carrier } from "../model/instance-state.js";
import type { IdentityMap } from "./identity-map.js";

/** Types whose hydrated value is the driver's value itself (as `EntityMapper` builds them): compared with `!==`, no decoding. */
const PASS_THROUGH = new Set(["Int", "Float", "String", "Text", "Uuid", "Enum"]);
/** Decoded without allocating: comparing them with the row costs no more than with a snapshot. */
const CHEAP_DECODE = new Set(["Boolean"]);

type Decoder = ((raw: unknown) => unknown) | undefined;
/** True when every column still equals the row the object was built from. */
type SameAsRow = (obj: object, row: readonly unknown[], offset: number, decoders: readonly Decoder[]) => boolean;
/** True when every column still equals the comparable snapshot. */
type SameAsSnapshot = (obj: object, snapshot: readonly unknown[]) => boolean;

interface Comparators {
  readonly row: SameAsRow;
  readonly snapshot: SameAsSnapshot;
  /**
   * Whether comparing with the row is cheap. When not (dates, JSON, bytes,
   * bigints decode into new values), the first check gives the object its
   * state and comparable snapshot once, and later checks compare with that:
   * a session that queries again and again pays the decoding once, not per query.
   */
  readonly cheapRow: boolean;
}

const compiled = new WeakMap<EntityMapper, Comparators>();

/**
 * Whether a flush would certainly find nothing to write, answered without
 * allocating: no pending objects or deletes, no relation edited through a
 * handle since the last flush, and every column of every object equal to what
 * it was read or written as. Columns are plain properties (nothing tells the
 * session when one is assigned), so this is one pass over the identity map;
 * autoflush pays it before each query, `flush()` takes the full path only
 * when this says no. It may answer "not clean" for a clean session (NaN, a
 * value set to undefined): the full flush then decides.
 */
export function isClean(
  host: { readonly identity: IdentityMap; readonly pending: ReadonlySet<object>; readonly toDelete: ReadonlySet<object> },
  relationsChanged: boolean,
  mapperOf: (entity: string) => EntityMapper,
): boolean {
  if (host.pending.size > 0 || host.toDelete.size > 0 || relationsChanged) return false;
  for (const [entity, objects] of host.identity.byEntity()) {
    if (objects.size === 0) continue;
    const mapper = mapperOf(entity.name);
    const same = comparatorsOf(mapper);
    for (const obj of objects.values()) {
      const carrier = obj as Carrier;
      const state = carrier[STATE];
      if (state === undefined) {
        const row = carrier[ROW];
        const origin = carrier[ORIGIN];
        if (!row || !origin) return false;
        if (same.cheapRow) {
          if (!same.row(obj, row, origin.offset, origin.json ? mapper.jsonDecoders : mapper.rowDecoders)) return false;
          continue;
        }
        if (!same.snapshot(obj, mapper.baseline(stateOf(obj)))) return false;
        continue;
      }
      if (state.status !== Status.Persistent || state.deleteRequested) return false;
      const slots = state.slots;
      if (slots) {
        for (let i = 0; i < slots.length; i++) {
          const slot = slots[i];
          if (slot && (slot.dirty || slot.linkAdds?.size || slot.linkRemoves?.size)) return false;
        }
      }
      if (state.snapshot) {
        if (!same.snapshot(obj, state.snapshot)) return false;
      } else if (state.raw) {
        if (same.cheapRow) {
          if (!same.row(obj, state.raw, state.rawOffset, state.rawJson ? mapper.jsonDecoders : mapper.rowDecoders)) return false;
        } else if (!same.snapshot(obj, mapper.baseline(state))) {
          return false;
        }
      } else {
        return false;
      }
    }
  }
  return true;
}

/** Whether every column of `obj` equals `snapshot` (comparable forms), told without allocating; false may also mean "cannot tell cheaply". */
export function sameAsSnapshot(mapper: EntityMapper): SameAsSnapshot {
  return comparatorsOf(mapper).snapshot;
}

function comparatorsOf(mapper: EntityMapper): Comparators {
  let found = compiled.get(mapper);
  if (!found) compiled.set(mapper, (found = compile(mapper)));
  return found;
}

/** One straight-line function per entity (property reads by constant name), as `EntityMapper` compiles its row builder. */
function compile(mapper: EntityMapper): Comparators {
  const rowLines: string[] = [];
  const snapLines: string[] = [];
  mapper.info.columns.forEach((c, i) => {
    const prop = `o[${JSON.stringify(c.name)}]`;
    const kind = JSON.stringify(c.type.kind);
    if (PASS_THROUGH.has(c.type.kind)) {
      rowLines.push(`if (${prop} !== r[f + ${i}]) return false;`);
      snapLines.push(`if (${prop} !== s[${i}]) return false;`);
    } else {
      rowLines.push(
        `v = ${prop}; x = r[f + ${i}];`,
        `if (x === null || x === undefined) { if (v !== null) return false; }`,
        `else if (c(v, ${kind}) !== c(d[${i}] ? d[${i}](x) : x, ${kind})) return false;`,
      );
      // Inline forms of `comparable` for the common kinds: no call per value.
      if (c.type.kind === "Boolean") snapLines.push(`if (${prop} !== s[${i}]) return false;`);
      else if (c.type.kind === "Date" || c.type.kind === "DateTime") {
        snapLines.push(`v = ${prop}; if ((v instanceof Date ? v.getTime() : v) !== s[${i}]) return false;`);
      } else snapLines.push(`if (c(${prop}, ${kind}) !== s[${i}]) return false;`);
    }
  });
  const row = new Function("c", `return function sameAsRow(o, r, f, d) {\nlet v, x;\n${rowLines.join("\n")}\nreturn true;\n};`)(comparable) as SameAsRow;
  const snapshot = new Function("c", `return function sameAsSnapshot(o, s) {\nlet v;\n${snapLines.join("\n")}\nreturn true;\n};`)(comparable) as SameAsSnapshot;
  const cheapRow = mapper.info.columns.every((c) => PASS_THROUGH.has(c.type.kind) || CHEAP_DECODE.has(c.type.kind));
  return { row, snapshot, cheapRow };
}

const AUTOFLUSH = Symbol.for("relgen.autoflush");

/**
 * Marks an error thrown by an autoflush: the query that triggered it did not
 * run, and the message says where the flush came from and how to turn it off.
 * The error keeps its class (a `UniqueViolationError` stays one).
 */
export function fromAutoflush(error: unknown, before: string): unknown {
  if (!(error instanceof Error) || isAutoflushError(error)) return error;
  const note =
    ` [This flush was an autoflush before ${before}: the session writes its pending changes before it reads, ` +
    `and the read did not run. Fix the change, or turn autoflush off for the read with .autoflush(false), ` +
    `for the session with session.autoflush = false or engine.session({ autoflush: false }).]`;
  const old = error.message;
  error.message = old + note;
  if (typeof error.stack === "string") error.stack = error.stack.replace(old, error.message);
  Object.defineProperty(error, AUTOFLUSH, { value: before, enumerable: false });
  return error;
}

/** Whether an error came from an autoflush (and so the read that triggered it did not run). */
export function isAutoflushError(error: unknown): boolean {
  return typeof error === "object" && error !== null && AUTOFLUSH in error;
}
