import type { Declaration } from "@relgen/dsl";
import { shifted } from "./shift.js";

/**
 * A declaration and how far edits before it have moved it since it was
 * parsed. Moving is deferred: a keystroke moves every declaration after it,
 * but only the few the quick check resolves (and any a request reads) are
 * copied to their new place.
 */
export interface Placed {
  readonly node: Declaration;
  readonly by: number;
  readonly lines: number;
}

export const startOf = (p: Placed) => p.node.span.start + p.by;
export const endOf = (p: Placed) => p.node.span.end + p.by;

const cache = new WeakMap<Placed, Declaration>();

/** The declaration where it stands now. */
export function place(p: Placed): Declaration {
  let d = cache.get(p);
  if (!d) cache.set(p, (d = shifted(p.node, p.by, p.lines)));
  return d;
}

export const unmoved = (node: Declaration): Placed => ({ node, by: 0, lines: 0 });
