/**
 * A small Wadler-style layout printer with Prettier's semantics, so generated
 * TypeScript comes out exactly as Prettier would print it without running
 * Prettier (which cost most of `relgen build`'s time). Only what relgen's
 * constructs need: text, line / softline / hardline, group, indent, ifBreak.
 *
 * The rules mirrored from Prettier's printDocToString:
 *  - a group is printed flat when its contents, flat, plus everything after it
 *    up to the next line break that is already decided, fit in the width;
 *  - a group that must break (`group(..., { shouldBreak: true })` or one holding
 *    a hardline) breaks every group around it too;
 *  - a line in a broken group is a newline plus the current indentation
 *    (trailing spaces before it are trimmed); flat, `line` is a space and
 *    `softline` nothing.
 */

export type Doc = string | readonly Doc[] | Group | Indent | Line | IfBreak | IndentIfBreak | Fill;

interface Group {
  readonly kind: "group";
  readonly contents: Doc;
  /** Lets an `ifBreak` elsewhere follow this group's mode. */
  readonly id?: symbol;
  /** Set when built with shouldBreak, or by `propagateBreaks` when it holds a hard break. */
  broken: boolean;
}

interface Indent {
  readonly kind: "indent";
  readonly contents: Doc;
  /** Columns to add: `tabWidth` for indent, a fixed number for align. */
  readonly by?: number;
}

/** Content and separator parts alternating: as many contents per line as fit (Prettier's fill). */
interface Fill {
  readonly kind: "fill";
  readonly parts: readonly Doc[];
}

/**
 * Its own node rather than `ifBreak(indent(x), x)`: that holds `x` twice, and
 * walking both branches at every level of a nested literal made marking breaks
 * exponential in the nesting depth (a third of a 1,000-entity build).
 */
interface IndentIfBreak {
  readonly kind: "indent-if-break";
  readonly contents: Doc;
  readonly groupId: symbol;
}

interface Line {
  readonly kind: "line";
  readonly soft: boolean;
  readonly hard: boolean;
}

interface IfBreak {
  readonly kind: "if-break";
  readonly breakContents: Doc;
  readonly flatContents: Doc;
  readonly groupId?: symbol;
}

export const line: Line = { kind: "line", soft: false, hard: false };
export const softline: Line = { kind: "line", soft: true, hard: false };
export const hardline: Line = { kind: "line", soft: false, hard: true };

export function group(contents: Doc, options: { readonly shouldBreak?: boolean; readonly id?: symbol } = {}): Group {
  return { kind: "group", contents, broken: options.shouldBreak === true, ...(options.id ? { id: options.id } : {}) };
}

export function indent(contents: Doc): Indent {
  return { kind: "indent", contents };
}

/** Indentation by a fixed number of columns (Prettier's align). */
export function align(by: number, contents: Doc): Indent {
  return { kind: "indent", contents, by };
}

export function fill(parts: readonly Doc[]): Fill {
  return { kind: "fill", parts };
}

/** `breakContents` when the enclosing group (or the group `groupId`) is broken, else `flatContents`. */
export function ifBreak(breakContents: Doc, flatContents: Doc = "", groupId?: symbol): IfBreak {
  return { kind: "if-break", breakContents, flatContents, ...(groupId ? { groupId } : {}) };
}

/** `contents` indented when the group `groupId` broke (Prettier's indentIfBreak). */
export function indentIfBreak(contents: Doc, groupId: symbol): IndentIfBreak {
  return { kind: "indent-if-break", contents, groupId };
}

/** `docs` with `separator` between them. */
export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const joined: Doc[] = [];
  for (const d of docs) {
    if (joined.length > 0) joined.push(separator);
    joined.push(d);
  }
  return joined;
}

export interface LayoutOptions {
  readonly printWidth: number;
  readonly tabWidth: number;
  /** Where the first line starts (the caller has written that many spaces) and the base indentation. */
  readonly indentation?: number;
}

const FLAT = 0;
const BREAK = 1;
type Mode = typeof FLAT | typeof BREAK;

interface Command {
  readonly indentation: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

/** Prints `doc` (which it marks: groups holding hard breaks become broken). */
export function printDoc(doc: Doc, options: LayoutOptions): string {
  const base = options.indentation ?? 0;
  const flat = flatText(doc, options.printWidth - base);
  if (flat !== undefined) return flat;
  propagateBreaks(doc);
  const groupModes = new Map<symbol, Mode>();
  const out: string[] = [];
  let position = base;
  const commands: Command[] = [{ indentation: base, mode: BREAK, doc }];
  const fitsFlat = (d: Doc, indentation: number) =>
    fits({ indentation, mode: FLAT, doc: d }, [], options.printWidth - position, groupModes, true);
  while (commands.length > 0) {
    const { indentation, mode, doc: current } = commands.pop() as Command;
    if (typeof current === "string") {
      out.push(current);
      position += textWidth(current);
    } else if (isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) commands.push({ indentation, mode, doc: current[i] as Doc });
    } else {
      switch (current.kind) {
        case "indent":
          commands.push({ indentation: indentation + (current.by ?? options.tabWidth), mode, doc: current.contents });
          break;
        case "group": {
          const flat: Command = { indentation, mode: FLAT, doc: current.contents };
          let chosen: Command;
          if (mode === FLAT && !current.broken) chosen = flat;
          else if (!current.broken && fits(flat, commands, options.printWidth - position, groupModes, false)) chosen = flat;
          else chosen = { indentation, mode: BREAK, doc: current.contents };
          commands.push(chosen);
          if (current.id) groupModes.set(current.id, chosen.mode);
          break;
        }
        case "if-break": {
          const groupMode = current.groupId ? (groupModes.get(current.groupId) ?? FLAT) : mode;
          commands.push({ indentation, mode, doc: groupMode === BREAK ? current.breakContents : current.flatContents });
          break;
        }
        case "indent-if-break": {
          const broke = (groupModes.get(current.groupId) ?? FLAT) === BREAK;
          commands.push({ indentation: broke ? indentation + options.tabWidth : indentation, mode, doc: current.contents });
          break;
        }
        case "fill":
          commands.push(...fillCommands(current.parts, indentation, mode, fitsFlat));
          break;
        case "line":
          if (mode === FLAT && !current.hard) {
            if (!current.soft) {
              out.push(" ");
              position += 1;
            }
          } else {
            trimTrailingSpaces(out);
            out.push(`\n${" ".repeat(indentation)}`);
            position = indentation;
          }
          break;
      }
    }
  }
  return out.join("");
}

/**
 * `doc` on one line when that is what the printer would print: every group
 * flat, because the whole text fits in `room` columns and no group must
 * break. Most members and statements are such one-liners; this prints them
 * without the printer's command stack and its fits checks (each of which
 * measures the rest of the line again). Undefined when the doc holds a break
 * outside every group (the printer starts in break mode), a group built
 * broken, or a hard line (even in an unused branch: it breaks the groups
 * around it), or once the text runs past `room`. It runs before
 * `propagateBreaks`, so it looks for those itself.
 */
function flatText(doc: Doc, room: number): string | undefined {
  const out: string[] = [];
  let left = room;
  const walk = (d: Doc, inGroup: boolean): boolean => {
    if (typeof d === "string") {
      out.push(d);
      left -= textWidth(d);
      return left >= 0;
    }
    if (isArray(d)) {
      for (const part of d) if (!walk(part, inGroup)) return false;
      return true;
    }
    switch (d.kind) {
      case "group":
        return !d.broken && walk(d.contents, true);
      case "indent":
      case "indent-if-break":
        return walk(d.contents, inGroup);
      case "fill":
        return walk(d.parts, inGroup);
      case "if-break":
        // Flat, every group's `ifBreak` takes its flat branch; outside a group the printer is in break mode.
        return inGroup && !propagateBreaks(d.breakContents) && walk(d.flatContents, true);
      case "line":
        if (!inGroup || d.hard) return false;
        if (d.soft) return true;
        out.push(" ");
        return --left >= 0;
    }
  };
  return walk(doc, false) ? out.join("") : undefined;
}

/**
 * Prettier's fill, one step: the first content flat if it fits, the separator
 * after it flat only if the next content fits on the same line too; the rest
 * is a new fill command (pushed first, so it runs last).
 */
function fillCommands(
  parts: readonly Doc[],
  indentation: number,
  mode: Mode,
  fitsFlat: (doc: Doc, indentation: number) => boolean,
): Command[] {
  const [content, separator] = parts;
  if (content === undefined) return [];
  const contentFits = fitsFlat(content, indentation);
  const contentCommand: Command = { indentation, mode: contentFits ? FLAT : BREAK, doc: content };
  if (separator === undefined) return [contentCommand];
  const next = parts[2];
  if (next === undefined) return [{ indentation, mode: contentFits ? FLAT : BREAK, doc: separator }, contentCommand];
  const bothFit = fitsFlat([content, separator, next], indentation);
  const rest: Command = { indentation, mode, doc: fill(parts.slice(2)) };
  return [rest, { indentation, mode: bothFit ? FLAT : BREAK, doc: separator }, contentCommand];
}

/**
 * Prettier's fits: `next` printed flat, then the commands already waiting in
 * their own modes (an undecided group among them counts in its parent's mode),
 * must reach a line break in a broken group (or the end) before the remaining
 * width runs out. `mustBeFlat`: a broken group inside means it does not fit.
 */
function fits(
  next: Command,
  rest: readonly Command[],
  width: number,
  groupModes: ReadonlyMap<symbol, Mode>,
  mustBeFlat: boolean,
): boolean {
  let restIndex = rest.length;
  const pending: { mode: Mode; doc: Doc }[] = [next];
  let remaining = width;
  while (remaining >= 0) {
    const item = pending.pop();
    if (item === undefined) {
      if (restIndex === 0) return true;
      pending.push(rest[--restIndex] as Command);
      continue;
    }
    const { mode, doc } = item;
    if (typeof doc === "string") {
      remaining -= textWidth(doc);
    } else if (isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) pending.push({ mode, doc: doc[i] as Doc });
    } else {
      switch (doc.kind) {
        case "indent":
        case "indent-if-break":
          pending.push({ mode, doc: doc.contents });
          break;
        case "fill":
          for (let i = doc.parts.length - 1; i >= 0; i--) pending.push({ mode, doc: doc.parts[i] as Doc });
          break;
        case "group":
          if (mustBeFlat && doc.broken) return false;
          pending.push({ mode: doc.broken ? BREAK : mode, doc: doc.contents });
          break;
        case "if-break": {
          const groupMode = doc.groupId ? (groupModes.get(doc.groupId) ?? FLAT) : mode;
          pending.push({ mode, doc: groupMode === BREAK ? doc.breakContents : doc.flatContents });
          break;
        }
        case "line":
          if (mode === BREAK || doc.hard) return true;
          if (!doc.soft) remaining -= 1;
          break;
      }
    }
  }
  return false;
}

/** Marks every group that holds a hard line or a broken group as broken (Prettier's propagateBreaks). */
function propagateBreaks(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (isArray(doc)) {
    let any = false;
    for (const d of doc) if (propagateBreaks(d)) any = true;
    return any;
  }
  switch (doc.kind) {
    case "indent":
    case "indent-if-break":
      return propagateBreaks(doc.contents);
    case "fill":
      return propagateBreaks(doc.parts);
    case "if-break": {
      const inBreak = propagateBreaks(doc.breakContents);
      const inFlat = propagateBreaks(doc.flatContents);
      return inBreak || inFlat;
    }
    case "line":
      return doc.hard;
    case "group":
      if (propagateBreaks(doc.contents)) doc.broken = true;
      return doc.broken;
  }
}

function trimTrailingSpaces(out: string[]): void {
  while (out.length > 0) {
    const last = out[out.length - 1] as string;
    const trimmed = last.replace(/[ \t]+$/, "");
    if (trimmed.length > 0 || last.length === 0) {
      out[out.length - 1] = trimmed;
      return;
    }
    out.pop();
  }
}

function isArray(doc: Doc): doc is readonly Doc[] {
  return Array.isArray(doc);
}

// East Asian wide and fullwidth characters and emoji take two columns, combining marks none (Prettier's getStringWidth).
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const ZERO_WIDTH = /\p{M}/u;

/** Columns `text` takes in an editor, as Prettier counts them. */
export function textWidth(text: string): number {
  // Almost every piece is short ASCII: a loop answers that sooner than a regex call.
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return wideTextWidth(text);
  return text.length;
}

function wideTextWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (ZERO_WIDTH.test(ch)) continue;
    width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}
