import { parseSource, type Declaration, type Diagnostic, type SchemaFile } from "@relgen/dsl";
import { endOf, startOf, unmoved, type Placed } from "./placed.js";
import { shifted } from "./shift.js";

export interface Reparsed {
  readonly declarations: readonly Placed[];
  /** Names declared in the edited region, before and after the edit. */
  readonly touched: ReadonlySet<string>;
  /** The edited region: [start, oldEnd) in the old text became [start, newEnd) in the new one. */
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  /** Lines added (or removed, negative) by the edit. */
  readonly lines: number;
}

/**
 * Parses only what an edit touched: the declarations around the changed
 * text, from the end of the declaration before them to the start of the one
 * after, so their doc comments come along. The region is parsed alone and
 * moved to where it stands; declarations after it are moved (lazily, see
 * placed.ts). Undefined when the region does not parse cleanly or touches an
 * import: then the whole file is parsed as `relgen build` parses it, syntax
 * errors and their recovery included.
 */
export function reparse(previous: SchemaFile, decls: readonly Placed[], oldText: string, newText: string, file: string): Reparsed | undefined {
  const changeStart = firstDifference(oldText, newText);
  if (previous.imports.length > 0 && previous.imports.at(-1)!.span.end >= changeStart) return undefined;
  const changeOldEnd = oldText.length - commonSuffix(oldText, newText, changeStart);
  const delta = newText.length - oldText.length;

  // declarations touching the change (a change on a boundary touches the declaration it borders)
  let first = decls.findIndex((d) => endOf(d) >= changeStart);
  if (first < 0) first = decls.length;
  // the declaration after a change in a gap comes along: the gap holds its doc comment
  let last = Math.min(first, decls.length - 1);
  while (last + 1 < decls.length && startOf(decls[last + 1]!) <= changeOldEnd) last++;
  const start = first > 0 ? endOf(decls[first - 1]!) : (previous.imports.at(-1)?.span.end ?? 0);
  const oldEnd = last + 1 < decls.length ? startOf(decls[last + 1]!) : oldText.length;
  const newEnd = oldEnd + delta;
  // what follows must start a line, at the same column, for its columns to stay
  if (newEnd < start || (oldEnd < oldText.length && !(startsLine(oldText, oldEnd) && column(oldText, oldEnd) === column(newText, newEnd)))) return undefined;

  // parsed alone, behind as many spaces as its first line is indented, then moved into place
  const indent = column(newText, start);
  const region = parseSource(" ".repeat(indent) + newText.slice(start, newEnd), file);
  if (region.ast.imports.length > 0 || region.diagnostics.some((d: Diagnostic) => d.severity === "error")) return undefined;
  const startLine = countLines(newText, 0, start);
  const parsed = region.ast.declarations.map((d) => unmoved(shifted(d, start - indent, startLine)));

  const lines = countLines(newText, start, newEnd) - countLines(oldText, start, oldEnd);
  const after = decls.slice(last + 1).map((d) => ({ node: d.node, by: d.by + delta, lines: d.lines + lines }));
  const touched = new Set<string>([...decls.slice(first, last + 1).map((d) => d.node), ...parsed.map((p) => p.node)].map((d: Declaration) => d.name.name));
  return { declarations: [...decls.slice(0, first), ...parsed, ...after], touched, start, oldEnd, newEnd, lines };
}

/**
 * Where `a` and `b` first differ. A keystroke changes one place in a text of
 * hundreds of kilobytes: halving with native comparisons of slices is many
 * times faster than a loop over characters.
 */
function firstDifference(a: string, b: string): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Length of the common end of `a` and `b`, not reaching back before `floor`. */
function commonSuffix(a: string, b: string, floor: number): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length) - floor;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function startsLine(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t")) i--;
  return i < 0 || text[i] === "\n" || text[i] === "\r";
}

function column(text: string, at: number): number {
  return at - (Math.max(text.lastIndexOf("\n", at - 1), text.lastIndexOf("\r", at - 1)) + 1);
}

/** Line breaks in [from, to): `\n`, `\r\n` and a lone `\r`, as the compiler counts them. */
function countLines(text: string, from: number, to: number): number {
  let n = 0;
  // native search for the common case; a lone `\r` needs the character loop
  if (text.indexOf("\r", from) < 0 || text.indexOf("\r", from) >= to) {
    for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) n++;
    return n;
  }
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}
