import type { Attribute, Value } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { backrefOptionInvalid, compositeFk, invalidAttributeArgs, unknownCascade, unknownLazy } from "../diagnostics/catalog/index.js";
import { suggest } from "../diagnostics/levenshtein.js";
import type { CascadeKind, LoadStrategy, OrderByIR } from "../ir/schema-ir.js";
import type { Span } from "../source/span.js";
import { flattenWords, plainWord, readArgs } from "./args.js";
import { admitAttributes } from "./attribute-positions.js";
import type { BackrefSpec, RelationAttrFacts, RelationField, ThroughSpec } from "./model.js";
import { CASCADE_WORDS, LOAD_STRATEGIES, normalizeCascade } from "./options.js";

/** The written form of each relation attribute (in the "expects" message; an editor shows it too). */
export const RELATION_ATTRIBUTE_FORMS: Readonly<Record<string, string>> = {
  backref: "@backref(name, lazy: select, cascade: [save-update, merge])", inverse: "@inverse(field)",
  fk: "@fk(column)", through: "@through(Table)` or `@through(Table, from: column, to: column)",
  lazy: "@lazy(selectin)", cascade: "@cascade(all, delete-orphan)", orderBy: "@orderBy(field desc)",
  passiveDeletes: "@passiveDeletes",
};

/** Reads the attributes of one relation field; relation semantics are checked later, in relations.ts. */
export function readRelationAttributes(owner: string, relation: RelationField, diagnostics: Diagnostic[]): RelationAttrFacts {
  const label = `${owner}.${relation.name}`;
  const attrs = admitAttributes(relation.field.attributes, "relation", `relation \`${label}\``, diagnostics, relation.field);
  const one = (name: string): Attribute | undefined => attrs.get(name)?.[0];
  const wrong = (attr: Attribute): undefined => {
    diagnostics.push(invalidAttributeArgs(attr.span, `@${attr.name.name}`, `\`${label}\``, (Object.hasOwn(RELATION_ATTRIBUTE_FORMS, attr.name.name) ? RELATION_ATTRIBUTE_FORMS[attr.name.name] ?? "" : "")));
    return undefined;
  };
  /** `@x(word)`: exactly one positional plain word. */
  const singleWord = (attr: Attribute) => (attr.args.length === 1 && !attr.args[0]!.name ? plainWord(attr.args[0]!.value) : undefined);

  const lazyOf = (value: Value | undefined): LoadStrategy | undefined => {
    const word = plainWord(value);
    if (!word) return undefined;
    if (LOAD_STRATEGIES.includes(word.name as LoadStrategy)) return word.name as LoadStrategy;
    diagnostics.push(unknownLazy(word.span, word.name, suggest(word.name, LOAD_STRATEGIES)));
    return undefined;
  };
  const cascadeOf = (values: readonly Value[]): CascadeKind[] | undefined => {
    const words = flattenWords(values);
    if (!words) return undefined;
    let ok = true;
    for (const w of words) {
      if (!CASCADE_WORDS.includes(w.name)) {
        diagnostics.push(unknownCascade(w.span, w.name, suggest(w.name, CASCADE_WORDS)));
        ok = false;
      }
    }
    return ok ? normalizeCascade(words.map((w) => w.name)) : undefined;
  };

  // Spelled out, not `{ ...relation }`: see readColumnAttributes
  const facts: { -readonly [K in keyof RelationAttrFacts]: RelationAttrFacts[K] } = {
    kind: relation.kind,
    field: relation.field,
    name: relation.name,
    target: relation.target,
    cardinality: relation.cardinality,
  };

  const backref = one("backref");
  if (backref) facts.backref = readBackref(backref, label, wrong, lazyOf, cascadeOf, diagnostics);

  const inverse = one("inverse");
  if (inverse) {
    const word = singleWord(inverse);
    if (word) facts.inverse = { name: word.name, span: inverse.span };
    else wrong(inverse);
  }

  const fk = one("fk");
  if (fk) {
    const words = fk.args.every((a) => !a.name) ? flattenWords(fk.args.map((a) => a.value)) : undefined;
    if (!words) wrong(fk);
    else if (words.length > 1) diagnostics.push(compositeFk(fk.span, label));
    else facts.fk = { name: words[0]!.name, span: words[0]!.span };
  }

  const through = one("through");
  if (through) facts.through = readThrough(through, wrong);

  const lazy = one("lazy");
  if (lazy) {
    const word = singleWord(lazy);
    if (!word) wrong(lazy);
    else {
      const value = lazyOf(word);
      if (value) facts.lazy = { value, span: lazy.span };
    }
  }

  const cascade = one("cascade");
  if (cascade) {
    if (cascade.args.length === 0 || cascade.args.some((a) => a.name)) wrong(cascade);
    else {
      const value = cascadeOf(cascade.args.map((a) => a.value));
      if (value) facts.cascade = { value, span: cascade.span };
      else if (!flattenWords(cascade.args.map((a) => a.value))) wrong(cascade);
    }
  }

  const orderBy = one("orderBy");
  if (orderBy) {
    const items = orderBy.args.map((a) => (!a.name && a.value.kind === "Word" ? a.value : undefined));
    if (items.length === 0 || items.some((i) => i === undefined)) wrong(orderBy);
    else {
      const words = items.filter((i) => i !== undefined);
      const value: OrderByIR[] = words.map((w) => ({ field: w.name, direction: w.direction ?? "asc" }));
      facts.orderBy = { value, span: orderBy.span, fieldSpans: words.map((w) => w.span) };
    }
  }

  const passive = one("passiveDeletes");
  if (passive) {
    if (passive.args.length > 0) wrong(passive);
    facts.passiveDeletes = passive.span;
  }
  return facts;
}

/** The `name:` options each relation attribute accepts. */
export const RELATION_ATTRIBUTE_OPTIONS: Readonly<Record<string, readonly string[]>> = { backref: ["lazy", "cascade"], through: ["from", "to"] };

function readBackref(
  attr: Attribute, label: string, wrong: (a: Attribute) => undefined,
  lazyOf: (v: Value | undefined) => LoadStrategy | undefined,
  cascadeOf: (v: readonly Value[]) => CascadeKind[] | undefined,
  diagnostics: Diagnostic[],
): BackrefSpec | undefined {
  const args = readArgs(attr);
  const name = plainWord(args.positional[0]);
  if (!name || args.positional.length !== 1 || args.repeated) return wrong(attr);
  let lazy: LoadStrategy | undefined;
  let cascade: CascadeKind[] | undefined;
  for (const [option, arg] of args.named) {
    if (option === "lazy") {
      lazy = lazyOf(arg.value);
      if (!lazy && !plainWord(arg.value)) return wrong(attr);
    } else if (option === "cascade") {
      cascade = cascadeOf([arg.value]);
      if (!cascade && !flattenWords([arg.value])) return wrong(attr);
    } else {
      diagnostics.push(backrefOptionInvalid(arg.nameSpan, label, option));
    }
  }
  return { name: name.name, span: attr.span, ...(lazy ? { lazy } : {}), ...(cascade ? { cascade } : {}) };
}

function readThrough(attr: Attribute, wrong: (a: Attribute) => undefined): ThroughSpec | undefined {
  const args = readArgs(attr);
  const table = plainWord(args.positional[0]);
  if (!table || args.positional.length !== 1 || args.repeated) return wrong(attr);
  const side = (key: string): { name: string; span: Span } | undefined | null => {
    const arg = args.named.get(key);
    if (!arg) return undefined;
    const word = plainWord(arg.value);
    return word ? { name: word.name, span: word.span } : null;
  };
  const from = side("from");
  const to = side("to");
  if (from === null || to === null || [...args.named.keys()].some((k) => !RELATION_ATTRIBUTE_OPTIONS["through"]!.includes(k))) return wrong(attr);
  return { name: table.name, span: attr.span, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
