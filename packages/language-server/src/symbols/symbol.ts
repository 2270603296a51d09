import type { Attribute, Declaration, FieldDecl, Span } from "@relgen/dsl";

/**
 * What a name in a schema stands for. Entities, tables and enums share one
 * namespace across imported files; fields are per declaration; a field a
 * `@backref` creates exists only as that backref's argument.
 */
export type SymbolRef =
  | { readonly kind: "declaration"; readonly name: string }
  | { readonly kind: "field"; readonly owner: string; readonly name: string }
  | { readonly kind: "member"; readonly owner: string; readonly name: string };

export function symbolKey(ref: SymbolRef): string {
  return ref.kind === "declaration" ? `d:${ref.name}` : `${ref.kind === "field" ? "f" : "m"}:${ref.owner}.${ref.name}`;
}

/** One place a name is written: where it is declared, or where it is used. */
export interface Occurrence {
  readonly ref: SymbolRef;
  /** The name alone (never a trailing `asc` or the `@`). */
  readonly span: Span;
  readonly role: "definition" | "reference";
}

/** A field as the schema has it: declared on its owner, or created there by a `@backref` elsewhere. */
export type FieldSymbol =
  | { readonly origin: "declared"; readonly owner: Declaration; readonly field: FieldDecl }
  | {
      readonly origin: "backref";
      readonly owner: Declaration;
      /** The relation whose `@backref(name)` creates this field, and that attribute. */
      readonly creator: { readonly owner: Declaration; readonly field: FieldDecl; readonly attribute: Attribute };
      readonly nameSpan: Span;
    };

