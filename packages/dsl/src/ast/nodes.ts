import type { Span } from "../source/span.js";

/**
 * The syntax tree of one `.rel` file, as written (nothing resolved).
 * Every node is readonly and carries the span of the text it came from, so
 * later passes can point diagnostics at it. A file with syntax errors still
 * yields a tree: the parts that parsed.
 */
export interface Ident {
  readonly kind: "Ident";
  readonly name: string;
  readonly span: Span;
}

export interface SchemaFile {
  readonly kind: "File";
  /** Path as given to the loader (absolute or relative to the cwd). */
  readonly path: string;
  readonly imports: readonly ImportDecl[];
  readonly declarations: readonly Declaration[];
  readonly span: Span;
}

export interface ImportDecl {
  readonly kind: "Import";
  /** The string literal's value, unresolved (relative to the importing file). */
  readonly path: string;
  /** The string literal alone (where "file not found" points). Optional so hand-built ASTs stay valid. */
  readonly pathSpan?: Span;
  readonly span: Span;
}

export type Declaration = EnumDecl | EntityDecl | TableDecl;

export interface EnumDecl {
  readonly kind: "Enum";
  readonly name: Ident;
  readonly members: readonly Ident[];
  /** Text of the `///` comments right before the declaration, without the slashes; lines joined by "\n". */
  readonly doc?: string;
  readonly span: Span;
}

export interface EntityDecl {
  readonly kind: "Entity";
  readonly name: Ident;
  readonly fields: readonly FieldDecl[];
  /** `@@table`, `@@index`, `@@unique`, `@@id`, ... in source order. */
  readonly blockAttributes: readonly Attribute[];
  readonly doc?: string;
  readonly span: Span;
}

/** An association table: a table with no generated class. */
export interface TableDecl {
  readonly kind: "Table";
  readonly name: Ident;
  readonly fields: readonly FieldDecl[];
  readonly blockAttributes: readonly Attribute[];
  readonly doc?: string;
  readonly span: Span;
}

export interface FieldDecl {
  readonly kind: "Field";
  readonly name: Ident;
  readonly type: TypeRef;
  readonly attributes: readonly Attribute[];
  readonly doc?: string;
  readonly span: Span;
}

export interface TypeRef {
  readonly kind: "TypeRef";
  readonly name: Ident;
  /** `String(80)` → [80]; `Decimal(10, 2)` → [10, 2]. */
  readonly args: readonly Literal[];
  readonly list: boolean;
  readonly optional: boolean;
  readonly span: Span;
}

/** `@name(args)` on a field, or `@@name(args)` on a block (`block: true`). */
export interface Attribute {
  readonly kind: "Attribute";
  readonly block: boolean;
  readonly name: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

/** `value` or `name: value`. */
export interface Arg {
  readonly kind: "Arg";
  readonly name?: Ident;
  readonly value: Value;
  readonly span: Span;
}

export type Value = Literal | WordValue | PathValue | CallValue | ListValue;

export type Literal = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral;

export interface StringLiteral {
  readonly kind: "String";
  /** Unescaped value. */
  readonly value: string;
  readonly span: Span;
}

export interface NumberLiteral {
  readonly kind: "Number";
  readonly value: number;
  /** As written (`-3`, `2.50`), so Decimal defaults keep their digits. */
  readonly raw: string;
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: "Boolean";
  readonly value: boolean;
  readonly span: Span;
}

export interface NullLiteral {
  readonly kind: "Null";
  readonly span: Span;
}

/**
 * A bare word: an identifier, possibly with inner hyphens (`delete-orphan`),
 * optionally followed by `asc` / `desc` (only meaningful in `@orderBy`).
 */
export interface WordValue {
  readonly kind: "Word";
  readonly name: string;
  readonly direction?: "asc" | "desc";
  readonly span: Span;
}

/** `Entity.field`. */
export interface PathValue {
  readonly kind: "Path";
  readonly head: Ident;
  readonly tail: Ident;
  readonly span: Span;
}

/** `autoincrement()`, `now()`, `uuid()`: a call with no arguments. */
export interface CallValue {
  readonly kind: "Call";
  readonly name: Ident;
  readonly span: Span;
}

export interface ListValue {
  readonly kind: "List";
  readonly items: readonly Value[];
  readonly span: Span;
}
