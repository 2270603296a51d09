import type { Declaration, SchemaFile } from "@relgen/dsl";
import { collectSymbols } from "./collect.js";
import { symbolKey, type FieldSymbol, type Occurrence, type SymbolRef } from "./symbol.js";

/** Every name of one unit, for the requests that ask "what is here" and "where else is it". */
export class SymbolTable {
  readonly declarations: ReadonlyMap<string, Declaration>;
  readonly #fields: ReadonlyMap<string, ReadonlyMap<string, FieldSymbol>>;
  readonly #byFile = new Map<string, Occurrence[]>();
  readonly #byKey = new Map<string, Occurrence[]>();

  constructor(files: readonly SchemaFile[]) {
    const collected = collectSymbols(files);
    this.declarations = collected.declarations;
    this.#fields = collected.fields;
    for (const o of collected.occurrences) {
      push(this.#byFile, o.span.file, o);
      push(this.#byKey, symbolKey(o.ref), o);
    }
    for (const list of [...this.#byFile.values(), ...this.#byKey.values()]) list.sort(bySource);
  }

  /** The fields of an entity or table, declared ones first, then those its targets' backrefs create. */
  fieldsOf(owner: string): ReadonlyMap<string, FieldSymbol> {
    return this.#fields.get(owner) ?? new Map();
  }

  /** The name written at `offset` (its end included: the cursor just after a word is on it). */
  at(file: string, offset: number): Occurrence | undefined {
    return this.#byFile.get(file)?.find((o) => o.span.start <= offset && offset <= o.span.end);
  }

  /** Where `ref` is declared and used, in file and source order. */
  occurrencesOf(ref: SymbolRef): readonly Occurrence[] {
    return this.#byKey.get(symbolKey(ref)) ?? [];
  }

  /** Where `ref` is declared: its name, or for a backref-created field the `@backref` argument that creates it. */
  definitionOf(ref: SymbolRef): Occurrence | undefined {
    if (ref.kind === "field") {
      const field = this.fieldsOf(ref.owner).get(ref.name);
      if (field?.origin === "declared") return { ref, span: field.field.name.span, role: "definition" };
      if (field?.origin === "backref") return { ref, span: field.nameSpan, role: "definition" };
    }
    if (ref.kind === "declaration") {
      const decl = this.declarations.get(ref.name);
      return decl && { ref, span: decl.name.span, role: "definition" };
    }
    return this.occurrencesOf(ref).find((o) => o.role === "definition");
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function bySource(a: Occurrence, b: Occurrence): number {
  return (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) || a.span.start - b.span.start;
}
