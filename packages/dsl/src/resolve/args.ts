import type { Attribute, Value, WordValue } from "../ast/nodes.js";
import type { Span } from "../source/span.js";

/** An attribute's arguments split into positional values and `name: value` pairs. */
export interface Args {
  readonly positional: readonly Value[];
  readonly named: ReadonlyMap<string, { readonly value: Value; readonly span: Span; readonly nameSpan: Span }>;
  /** A named argument given twice, if any. */
  readonly repeated?: Span;
}

export function readArgs(attr: Attribute): Args {
  const positional: Value[] = [];
  const named = new Map<string, { value: Value; span: Span; nameSpan: Span }>();
  let repeated: Span | undefined;
  for (const arg of attr.args) {
    if (!arg.name) positional.push(arg.value);
    else if (named.has(arg.name.name)) repeated ??= arg.span;
    else named.set(arg.name.name, { value: arg.value, span: arg.span, nameSpan: arg.name.span });
  }
  return repeated ? { positional, named, repeated } : { positional, named };
}

/** A plain word (no `asc`/`desc`), e.g. a field or entity name. */
export function plainWord(value: Value | undefined): WordValue | undefined {
  return value?.kind === "Word" && value.direction === undefined ? value : undefined;
}

/** `[a, b]` of plain words; undefined when anything else is in it. */
export function wordList(value: Value | undefined): WordValue[] | undefined {
  if (value?.kind !== "List" || value.items.length === 0) return undefined;
  const words = value.items.map(plainWord);
  return words.every((w): w is WordValue => w !== undefined) ? words : undefined;
}

/** Words given either as separate arguments or as one list (`@cascade(all)` / `cascade: [a, b]`). */
export function flattenWords(values: readonly Value[]): WordValue[] | undefined {
  const out: WordValue[] = [];
  for (const v of values) {
    if (v.kind === "List") {
      const inner = flattenWords(v.items);
      if (!inner) return undefined;
      out.push(...inner);
    } else {
      const w = plainWord(v);
      if (!w) return undefined;
      out.push(w);
    }
  }
  return out.length > 0 ? out : undefined;
}
