/**
 * The resolved schema as runtime data: what a generated `schema.ts` exports
 * (`export const schema: SchemaMeta = defineSchema({ ... })`, written in the
 * compact `SchemaSource` form and expanded at import). It mirrors
 * the generator's IR minus source spans and docs, so the runtime never parses
 * `.rel` files. Key lists hold field names; a column's `column` is its
 * database name.
 */
export interface SchemaMeta {
  /** Keyed by entity name, in declaration order. */
  readonly entities: { readonly [name: string]: EntityMeta };
  /** In creation order: referenced tables first. Drop in reverse. */
  readonly tables: readonly TableMeta[];
  /** Keyed by enum name; the members in declaration order. */
  readonly enums: { readonly [name: string]: EnumMeta };
}

export type ScalarKindMeta =
  | "Int"
  | "BigInt"
  | "Float"
  | "Decimal"
  | "String"
  | "Text"
  | "Boolean"
  | "Date"
  | "DateTime"
  | "Json"
  | "Uuid"
  | "Bytes"
  | "Enum";

export interface ColumnTypeMeta {
  readonly kind: ScalarKindMeta;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  /** For `kind: "Enum"`. */
  readonly enum?: string;
}

/**
 * A column default. Literal values are what the column's TypeScript type
 * holds, except BigInt, which is a decimal string (convert with `BigInt(v)`).
 */
export type DefaultMeta =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "enum"; readonly value: string }
  | { readonly kind: "autoincrement" }
  | { readonly kind: "now" }
  | { readonly kind: "uuid" };

export interface ColumnMeta {
  /** Field (property) name. */
  readonly name: string;
  /** Database column name. */
  readonly column: string;
  readonly type: ColumnTypeMeta;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly autoincrement: boolean;
  readonly default?: DefaultMeta;
  readonly unique: boolean;
}

export type RelationKindMeta = "many-to-one" | "one-to-many" | "one-to-one" | "many-to-many";
export type LoadStrategyMeta = "select" | "joined" | "subquery" | "selectin" | "dynamic" | "raise" | "noload";
export type CascadeMeta = "save-update" | "merge" | "delete" | "delete-orphan" | "refresh-expire" | "expunge";
export type ReferentialActionMeta = "cascade" | "set-null" | "restrict" | "no-action" | "set-default";

export interface ThroughMeta {
  readonly table: string;
  readonly entity?: string;
  readonly sourceColumns: readonly string[];
  readonly sourceReferences: readonly string[];
  readonly targetColumns: readonly string[];
  readonly targetReferences: readonly string[];
}

export interface RelationMeta {
  readonly name: string;
  readonly kind: RelationKindMeta;
  readonly target: string;
  readonly cardinality: "one" | "optional" | "many";
  readonly foreignKeySide: "self" | "target" | "through";
  /** Join condition `this.localColumns[i] = target.remoteColumns[i]` (field names). */
  readonly localColumns: readonly string[];
  readonly remoteColumns: readonly string[];
  readonly through?: ThroughMeta;
  readonly inverse?: string;
  readonly lazy: LoadStrategyMeta;
  readonly cascade: readonly CascadeMeta[];
  readonly orderBy: readonly { readonly field: string; readonly direction: "asc" | "desc" }[];
  readonly passiveDeletes: boolean;
  readonly viewOnly: boolean;
  readonly selfReferential: boolean;
}

export interface EntityMeta {
  readonly name: string;
  readonly table: string;
  /** In declaration order (the order the runtime inserts columns in). */
  readonly columns: readonly ColumnMeta[];
  readonly primaryKey: readonly string[];
  /** Keyed by relation name, declared relations first, then backrefs. */
  readonly relations: { readonly [name: string]: RelationMeta };
}

export interface ForeignKeyMeta {
  readonly name: string;
  readonly columns: readonly string[];
  readonly targetTable: string;
  readonly targetEntity?: string;
  readonly targetColumns: readonly string[];
  readonly onDelete?: ReferentialActionMeta;
  readonly onUpdate?: ReferentialActionMeta;
  readonly deferred: boolean;
}

export interface TableMeta {
  readonly name: string;
  /** Absent for an association `table`. */
  readonly entity?: string;
  readonly columns: readonly ColumnMeta[];
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly ForeignKeyMeta[];
  /**
   * Single-column primary/unique keys whose constraint name is not
   * `<table>_pkey` / `<table>_<column>_key` (shortened or de-duplicated by
   * the generator): constraint name → field name.
   */
  readonly keyNames?: { readonly [constraint: string]: string };
}

export interface EnumMeta {
  readonly name: string;
  readonly values: readonly string[];
}
