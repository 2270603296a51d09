import { type Doc, group, indent, indentIfBreak, line, textWidth } from "../render/layout.js";
import { arrayDoc, huggedCall, objectDoc, PRINT_WIDTH, printTs, tsNumber, tsString } from "../render/ts-layout.js";
import { propertyKey } from "./naming.js";

export type LiteralValue =
  string | number | boolean | null | undefined | readonly LiteralValue[] | { readonly [key: string]: LiteralValue };

/**
 * Plain data as TypeScript source, laid out as Prettier would lay out the same
 * literal written on one line: objects and arrays break only when they do not
 * fit, or (arrays) when they hold two or more objects or arrays of more than
 * one item. Keys keep insertion order; `undefined` properties are left out so
 * optional metadata stays absent rather than `undefined`.
 */
export function tsLiteral(value: LiteralValue, indentation = 0): string {
  return printTs(literalDoc(value), indentation);
}

export function literalDoc(value: LiteralValue): Doc {
  if (value === null || typeof value !== "object") return scalarText(value);
  if (isArray(value)) {
    return arrayDoc(value.map(literalDoc), {
      shouldBreak: breaksAsMatrix(value),
      concise: value.length > 1 && value.every((v) => typeof v === "number"),
    });
  }
  return objectDoc(entriesOf(value).map(([k, v]) => propertyDoc(k, v)));
}

/**
 * `<head><callee>({ ...value });` exactly as printTs prints it whole, but one
 * large entry at a time, so the layout docs of a 10,000-entity schema.ts
 * (about 300 MB at once) never exist together. An object or array that cannot
 * fit on a line breaks, one entry per line, whatever its entries do; so each
 * entry can be printed alone at its indentation, followed by its comma (all a
 * fits check would see of what comes after it before the line break).
 */
export function printCallStatement(head: string, callee: string, value: LiteralValue, memo?: TextMemo): string {
  if (!isObject(value) || !surelyBreaks(value)) return printTs([head, huggedCall(callee, literalDoc(value)), ";"]);
  return [`${head}${callee}({`, ...entriesOf(value).map(([k, v]) => entryText(k, v, TAB, memo)), "});"].join("\n");
}

/**
 * Keeps printed text across builds (`--watch`): `compute` runs only for a key
 * it has not seen. Keys here are the whole input of a pure print.
 */
export interface TextMemo {
  memo(key: string, compute: () => string): string;
}

const TAB = 2;
/** The entries of `entities` and `tables` (one per entity or table) are what a small edit leaves mostly the same. */
const MEMO_INDENTATION = 2 * TAB;

function entryText(key: string, value: LiteralValue, indentation: number, memo?: TextMemo): string {
  if (memo !== undefined && indentation === MEMO_INDENTATION) {
    return memo.memo(`entry\0${indentation}\0${key}\0${literalKey(value)}`, () => entryText(key, value, indentation));
  }
  const pad = " ".repeat(indentation);
  const printedKey = propertyKey(key);
  const keyWidth = textWidth(printedKey);
  // `key: value,` on one line when it fits: the layout the printer would choose, without its docs.
  const flat = flatLiteral(value, PRINT_WIDTH - indentation - keyWidth - 3);
  if (flat !== undefined) return `${pad}${printedKey}: ${flat},`;
  // Room for `key: {` on its line: then a value that does not fit flat opens there and breaks (checked by the layout tests).
  const opensOnKeyLine = indentation + keyWidth + 3 <= PRINT_WIDTH;
  if (value !== null && typeof value === "object" && opensOnKeyLine && !allNumbers(value)) {
    return `${pad}${printedKey}: ${brokenText(value, indentation, memo)},`;
  }
  return `${pad}${printTs([propertyDoc(key, value), ","], indentation)}`;
}

function itemText(value: LiteralValue, indentation: number, memo?: TextMemo): string {
  const print = () => {
    const pad = " ".repeat(indentation);
    const flat = flatLiteral(value, PRINT_WIDTH - indentation - 1);
    if (flat !== undefined) return `${pad}${flat},`;
    if (value !== null && typeof value === "object" && !allNumbers(value)) return `${pad}${brokenText(value, indentation, memo)},`;
    return `${pad}${printTs([literalDoc(value), ","], indentation)}`;
  };
  if (memo === undefined || indentation !== MEMO_INDENTATION) return print();
  return memo.memo(`item\0${indentation}\0${literalKey(value)}`, print);
}

/**
 * An object or array that does not fit on its line, broken: one entry per
 * line, each followed by its comma, the closing bracket back at `indentation`.
 * (Number-only arrays fill their lines instead; they never come here.)
 */
function brokenText(value: object, indentation: number, memo?: TextMemo): string {
  const pad = " ".repeat(indentation);
  if (isArray(value as LiteralValue)) {
    const items = (value as readonly LiteralValue[]).map((v) => itemText(v, indentation + TAB, memo));
    return `[\n${items.join("\n")}\n${pad}]`;
  }
  const entries = entriesOf(value as { readonly [key: string]: LiteralValue }).map(([k, v]) => entryText(k, v, indentation + TAB, memo));
  return `{\n${entries.join("\n")}\n${pad}}`;
}

/**
 * `value` printed on one line, as the printer prints it when it fits in
 * `room` columns; undefined when it does not, or when it holds a group that
 * must break (`breaksAsMatrix`). Stops as soon as the room runs out, so it
 * costs at most a line's worth of text however large the value.
 */
function flatLiteral(value: LiteralValue, room: number): string | undefined {
  let left = room;
  const flat = (v: LiteralValue): string | undefined => {
    if (v === null || typeof v !== "object") {
      const text = scalarText(v);
      left -= textWidth(text);
      return left < 0 ? undefined : text;
    }
    if (isArray(v)) {
      if (v.length === 0) return (left -= 2) < 0 ? undefined : "[]";
      if (breaksAsMatrix(v)) return undefined;
      // Brackets and the ", " between items.
      if ((left -= 2 * v.length) < 0) return undefined;
      const items: string[] = [];
      for (const item of v) {
        const text = flat(item);
        if (text === undefined) return undefined;
        items.push(text);
      }
      return `[${items.join(", ")}]`;
    }
    const fields: string[] = [];
    for (const key of Object.keys(v)) {
      const item = v[key];
      if (item === undefined) continue;
      // The key, `: `, and the `, ` before the next entry or the ` }` (the `{ ` is counted below).
      const printedKey = propertyKey(key);
      if ((left -= textWidth(printedKey) + 4) < 0) return undefined;
      const text = flat(item);
      if (text === undefined) return undefined;
      fields.push(`${printedKey}: ${text}`);
    }
    if (fields.length === 0) return (left -= 2) < 0 ? undefined : "{}";
    return (left -= 2) < 0 ? undefined : `{ ${fields.join(", ")} }`;
  };
  return flat(value);
}

function scalarText(value: string | number | boolean | null | undefined): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return tsString(value);
  if (typeof value === "boolean") return String(value);
  return tsNumber(value);
}

/**
 * The memo key of a literal: its JSON, except that an `undefined` array item
 * (printed, unlike an `undefined` property) gets a marker no schema name can
 * spell, so it cannot share a key with `null`.
 */
function literalKey(value: LiteralValue): string {
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    return v === undefined && Array.isArray(this) ? { "\u0000undefined": true } : v;
  });
}

/** Wider than a line even printed flat: the TypeScript is at least five sixths of the JSON text (a key loses its quotes, gains a space). */
function surelyBreaks(value: LiteralValue): boolean {
  return jsonLengthPast(value, 2 * PRINT_WIDTH);
}

/**
 * Whether `value`'s JSON text is longer than `limit`, counted only that far
 * (JSON.stringify per level would write out a 10,000-entity schema once for
 * every level it is nested; this stops after `limit` characters). Each
 * separator is counted as a character, so the count may run one over per item.
 */
function jsonLengthPast(value: LiteralValue, limit: number): boolean {
  let length = 0;
  const past = (v: LiteralValue): boolean => {
    if (v === null || typeof v !== "object") {
      length += String(JSON.stringify(v)).length + 1;
      return length > limit;
    }
    length += 2;
    if (isArray(v)) return v.some((item) => past(item)) || length > limit;
    return (
      entriesOf(v).some(([key, inner]) => {
        length += key.length + 3;
        return past(inner);
      }) || length > limit
    );
  };
  return past(value);
}

function allNumbers(value: object): boolean {
  return isArray(value as LiteralValue) && (value as readonly LiteralValue[]).every((v) => typeof v === "number");
}

function isObject(value: LiteralValue): value is { readonly [key: string]: LiteralValue } {
  return value !== null && typeof value === "object" && !isArray(value);
}

/** Prettier's object-property assignment layouts for the values data can hold. */
function propertyDoc(key: string, value: LiteralValue): Doc {
  const printedKey = propertyKey(key);
  const printedValue = literalDoc(value);
  // Keys narrower than tabWidth + 3 never move their value to the next line.
  if (textWidth(printedKey) < 5) return group([printedKey, ": ", printedValue]);
  if (typeof value === "string") return group([printedKey, ":", group(indent([line, printedValue]))]);
  const id = Symbol("property");
  return group([printedKey, ":", group(indent(line), { id }), indentIfBreak(printedValue, id)]);
}

/** Two or more items that are all objects of 2+ properties, or all arrays of 2+ items: one per line (Prettier's rule). */
function breaksAsMatrix(items: readonly LiteralValue[]): boolean {
  if (items.length < 2) return false;
  const first = items[0];
  const wantArray = isArray(first ?? null);
  return items.every((item) => {
    if (item === null || typeof item !== "object") return false;
    if (isArray(item)) return wantArray && item.length > 1;
    return !wantArray && entriesOf(item).length > 1;
  });
}

function entriesOf(value: { readonly [key: string]: LiteralValue }): [string, LiteralValue][] {
  const entries: [string, LiteralValue][] = [];
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v !== undefined) entries.push([key, v]);
  }
  return entries;
}

function isArray(value: LiteralValue): value is readonly LiteralValue[] {
  return Array.isArray(value);
}
