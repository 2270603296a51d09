import type { Attribute, Declaration, FieldDecl, SchemaFile, Span, Value, WordValue } from "@relgen/dsl";
import type { FieldSymbol, Occurrence, SymbolRef } from "./symbol.js";

/** The name of a word, without a trailing `asc`/`desc`: what a rename replaces. */
export function wordSpan(word: WordValue): Span {
  return { ...word.span, end: word.span.start + word.name.length };
}

/** Words in a value: a word, or the words of a list (`[a, b]`). */
function wordsOf(value: Value): WordValue[] {
  if (value.kind === "Word") return [value];
  if (value.kind === "List") return value.items.flatMap(wordsOf);
  return [];
}

const positional = (attr: Attribute) => attr.args.filter((a) => !a.name).map((a) => a.value);
const option = (attr: Attribute, name: string) => attr.args.find((a) => a.name?.name === name)?.value;

export interface Collected {
  readonly declarations: ReadonlyMap<string, Declaration>;
  readonly fields: ReadonlyMap<string, ReadonlyMap<string, FieldSymbol>>;
  readonly occurrences: readonly Occurrence[];
}

/**
 * Reads every name the files declare or use, the way the resolver reads them
 * (spec, "Relation fields"): `@references(E.f)`, `@fk(c)` on either side,
 * `@inverse(f)` and `@orderBy(f)` on the target, `@through(A, from: c, to: c)`
 * on `A`, block key lists on the owner, enum defaults on the enum. Works on
 * the AST alone, so it answers while the schema still has errors.
 */
export function collectSymbols(files: readonly SchemaFile[]): Collected {
  const declarations = new Map<string, Declaration>();
  const fields = new Map<string, Map<string, FieldSymbol>>();
  const occurrences: Occurrence[] = [];
  const add = (ref: SymbolRef, span: Span, role: Occurrence["role"]) => occurrences.push({ ref, span, role });

  for (const file of files) {
    for (const decl of file.declarations) {
      if (!declarations.has(decl.name.name)) declarations.set(decl.name.name, decl);
      add({ kind: "declaration", name: decl.name.name }, decl.name.span, "definition");
      if (decl.kind === "Enum") {
        for (const m of decl.members) add({ kind: "member", owner: decl.name.name, name: m.name }, m.span, "definition");
        continue;
      }
      const own = new Map<string, FieldSymbol>();
      for (const field of decl.fields) {
        if (!own.has(field.name.name)) own.set(field.name.name, { origin: "declared", owner: decl, field });
        add({ kind: "field", owner: decl.name.name, name: field.name.name }, field.name.span, "definition");
      }
      fields.set(decl.name.name, own);
    }
  }

  // backrefs need every target's declared fields first: a declared field wins a name clash (the compiler reports it)
  for (const decl of declarations.values()) {
    if (decl.kind === "Enum") continue;
    for (const field of decl.fields) {
      const target = declarations.get(field.type.name.name);
      const backref = field.attributes.find((a) => !a.block && a.name.name === "backref");
      const word = backref && positional(backref)[0];
      if (!target || target.kind === "Enum" || !backref || word?.kind !== "Word") continue;
      const ref: SymbolRef = { kind: "field", owner: target.name.name, name: word.name };
      add(ref, wordSpan(word), "definition");
      const targetFields = fields.get(target.name.name)!;
      if (!targetFields.has(word.name)) {
        targetFields.set(word.name, { origin: "backref", owner: target, creator: { owner: decl, field, attribute: backref }, nameSpan: wordSpan(word) });
      }
    }
  }

  const fieldRef = (owner: string | undefined, word: WordValue) =>
    owner !== undefined && add({ kind: "field", owner, name: word.name }, wordSpan(word), "reference");
  const declRef = (word: { name: string; span: Span }, span = word.span) =>
    declarations.has(word.name) && add({ kind: "declaration", name: word.name }, span, "reference");
  const hasField = (owner: string, name: string) => fields.get(owner)?.has(name) ?? false;

  for (const decl of declarations.values()) {
    if (decl.kind === "Enum") continue;
    const owner = decl.name.name;
    for (const attr of decl.blockAttributes) {
      if (["index", "unique", "id"].includes(attr.name.name)) for (const v of positional(attr)) for (const w of wordsOf(v)) fieldRef(owner, w);
    }
    for (const field of decl.fields) collectField(owner, field);
  }

  function collectField(owner: string, field: FieldDecl): void {
    const typeName = field.type.name;
    declRef(typeName);
    const target = declarations.has(typeName.name) ? typeName.name : undefined;
    for (const attr of field.attributes) {
      if (attr.block) continue;
      const first = positional(attr)[0];
      switch (attr.name.name) {
        case "references":
          if (first?.kind === "Path") {
            declRef(first.head);
            if (declarations.has(first.head.name)) add({ kind: "field", owner: first.head.name, name: first.tail.name }, first.tail.span, "reference");
          } else if (first?.kind === "Word") declRef(first, wordSpan(first));
          break;
        case "fk":
          for (const v of positional(attr)) for (const w of wordsOf(v)) fieldRef(hasField(owner, w.name) || !target ? owner : target, w);
          break;
        case "inverse":
        case "orderBy":
          for (const v of positional(attr)) for (const w of wordsOf(v)) fieldRef(target, w);
          break;
        case "through": {
          if (first?.kind !== "Word") break;
          declRef(first, wordSpan(first));
          const via = declarations.has(first.name) ? first.name : undefined;
          for (const side of ["from", "to"]) {
            const v = option(attr, side);
            if (v?.kind === "Word") fieldRef(via, v);
          }
          break;
        }
        case "default": {
          const enumDecl = target ? declarations.get(target) : undefined;
          if (enumDecl?.kind === "Enum" && first?.kind === "Word") add({ kind: "member", owner: target!, name: first.name }, wordSpan(first), "reference");
          break;
        }
      }
    }
  }

  return { declarations, fields, occurrences };
}
