import type { Span } from "../source/span.js";

/**
 * The fully resolved schema: the only input to generation. Everything a
 * template or the runtime needs is decided here (relation kind, which side
 * holds the foreign key, join tables, SQL-independent types, every name), so
 * nothing downstream has to infer. The resolver deep-freezes it.
 *
 * Field names (`userId`) are what TypeScript sees; `columnName` is what the
 * database sees. Key lists (`primaryKey`, foreign-key `columns`, ...) hold
 * field names; look the column up in the table to get its database name.
 */
export interface SchemaIR {
  /** Entities in declaration order (the entry file first, imports after, each in source order). */
  readonly entities: readonly EntityIR[];
  /**
   * Every table: one per entity plus one per `table` declaration, in an order
   * that satisfies every non-deferred foreign key (referenced tables first;
   * ties broken by declaration order). Drop in reverse.
   */
  readonly tables: readonly TableIR[];
  readonly enums: readonly EnumIR[];
  /** The files the schema was read from, entry first. */
  readonly files: readonly string[];
}

export type ScalarKind =
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

export interface ColumnType {
  readonly kind: ScalarKind;
  /** `String(n)`: the maximum length. Absent for unbounded `String`. */
  readonly length?: number;
  /** `Decimal(p, s)`. */
  readonly precision?: number;
  readonly scale?: number;
  /** For `kind: "Enum"`: the enum's name. */
  readonly enumName?: string;
  /**
   * For `kind: "Json"` with `@type(...)`: the TypeScript type of the value,
   * imported from `from` when given (relative specifiers are relative to the
   * output directory).
   */
  readonly tsType?: { readonly name: string; readonly from?: string };
}

export type DefaultValue =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null; readonly raw?: string }
  | { readonly kind: "enum"; readonly value: string }
  | { readonly kind: "autoincrement" }
  | { readonly kind: "now" }
  | { readonly kind: "uuid" };

export interface ColumnIR {
  /** Field (TypeScript property) name as written. */
  readonly name: string;
  /** Database column name: `@column("x")` or the field name. */
  readonly columnName: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly autoincrement: boolean;
  readonly default?: DefaultValue;
  /** Single-column `@unique` (composite uniques live in `TableIR.uniques`). */
  readonly unique: boolean;
  /**
   * `@renamedFrom("old")`: the field's name before (as written then). A
   * migration renames the column instead of dropping and adding it. The
   * compiler guarantees only that it is an identifier, differs from `name`,
   * is not the name of another column field of this table, and is claimed by
   * no other field of it (E0523–E0526); an old name the migrations' snapshot
   * does not know (the rename already migrated) is to be ignored.
   */
  readonly renamedFrom?: string;
  readonly doc?: string;
  readonly span: Span;
}

export type ReferentialAction = "cascade" | "set-null" | "restrict" | "no-action" | "set-default";

export interface ForeignKeyIR {
  /** Constraint name, unique in the schema and within every engine's identifier limit. */
  readonly name: string;
  /** Field names on the owning table. */
  readonly columns: readonly string[];
  readonly targetTable: string;
  /** The referenced entity, when the target table belongs to one. */
  readonly targetEntity?: string;
  /** Field names on the target table (its primary key unless `@references(E.f)` said otherwise). */
  readonly targetColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /**
   * True when the tables' foreign keys form a cycle and this one is added after
   * every table exists (`ALTER TABLE ... ADD CONSTRAINT`). Every column of a
   * deferred key is nullable, otherwise the schema is rejected (E0801).
   */
  readonly deferred: boolean;
  readonly span: Span;
}

export interface UniqueIR {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface IndexIR {
  readonly name: string;
  readonly columns: readonly string[];
  /**
   * Why it exists: `declared` (`@index` / `@@index`) or `foreign-key` (added
   * because a foreign-key column had no index that starts with it).
   */
  readonly origin: "declared" | "foreign-key";
}

export interface TableIR {
  /** Database table name. */
  readonly name: string;
  /** The entity this table stores; absent for a `table` declaration. */
  readonly entity?: string;
  readonly columns: readonly ColumnIR[];
  /** Primary-key constraint name. */
  readonly primaryKeyName: string;
  /** Field names, in declaration order (or `@@id` order). */
  readonly primaryKey: readonly string[];
  /** Every unique constraint, single-column ones included, in declaration order. */
  readonly uniques: readonly UniqueIR[];
  readonly indexes: readonly IndexIR[];
  readonly foreignKeys: readonly ForeignKeyIR[];
  /**
   * `@@renamedFrom("old")`: the entity's name (or, for a `table` declaration,
   * the table's name) before. A migration renames the table, keeping its rows.
   * The compiler guarantees that it is an identifier, differs from the current
   * name, is not declared now (no entity or `table` declaration has an
   * entity's old name; no table has a table's old name) and is claimed by no other
   * entity or table (E0523–E0526); an old name the snapshot does not know is
   * to be ignored.
   */
  readonly renamedFrom?: string;
  readonly doc?: string;
  readonly span: Span;
}

export interface EnumIR {
  readonly name: string;
  readonly values: readonly string[];
  readonly doc?: string;
  readonly span: Span;
}

export type RelationKind = "many-to-one" | "one-to-many" | "one-to-one" | "many-to-many";

export type LoadStrategy = "select" | "joined" | "subquery" | "selectin" | "dynamic" | "raise" | "noload";

/** `all` is expanded; the list is in this canonical order, without repeats. */
export type CascadeKind = "save-update" | "merge" | "delete" | "delete-orphan" | "refresh-expire" | "expunge";

export interface OrderByIR {
  /** Field name on the target entity. */
  readonly field: string;
  readonly direction: "asc" | "desc";
}

/** How a many-to-many reaches the other side. */
export interface ThroughIR {
  /** Association table name. */
  readonly table: string;
  /** Set when the association is an entity (an association object). */
  readonly entity?: string;
  /** Association columns that point at this side's key, and the key's fields (same order). */
  readonly sourceColumns: readonly string[];
  readonly sourceReferences: readonly string[];
  /** Association columns that point at the target's key, and the target's key fields. */
  readonly targetColumns: readonly string[];
  readonly targetReferences: readonly string[];
}

export interface RelationIR {
  /** Field name on the owning entity. */
  readonly name: string;
  readonly kind: RelationKind;
  /** Target entity name. */
  readonly target: string;
  /** Shape from this side: `T` one, `T?` optional, `T[]` many. */
  readonly cardinality: "one" | "optional" | "many";
  /**
   * Where the foreign key lives: `self` (many-to-one, or the child side of a
   * one-to-one), `target` (one-to-many, or the parent side of a one-to-one),
   * `through` (many-to-many).
   */
  readonly foreignKeySide: "self" | "target" | "through";
  /**
   * Join condition `this.localColumns[i] = target.remoteColumns[i]` (field
   * names). For `self`: local = FK fields, remote = referenced key. For
   * `target`: local = referenced key on this entity, remote = FK fields on the
   * target. For `through`: local = this entity's key, remote = the target's
   * key (the association columns are in `through`).
   */
  readonly localColumns: readonly string[];
  readonly remoteColumns: readonly string[];
  /** Name of the foreign-key constraint this relation follows (`self`/`target` only). */
  readonly foreignKey?: string;
  readonly through?: ThroughIR;
  /** The paired relation on the target, when there is one. */
  readonly inverse?: string;
  /** True when this relation was created by a `@backref` on the other side. */
  readonly fromBackref: boolean;
  readonly lazy: LoadStrategy;
  readonly cascade: readonly CascadeKind[];
  readonly orderBy: readonly OrderByIR[];
  readonly passiveDeletes: boolean;
  readonly selfReferential: boolean;
  /** Reads through an association entity; writes go through that entity. */
  readonly viewOnly: boolean;
  readonly doc?: string;
  /** The field that declares it (for a backref: the `@backref` attribute). */
  readonly span: Span;
}

export interface EntityIR {
  readonly name: string;
  readonly tableName: string;
  readonly doc?: string;
  /** The scalar fields, in declaration order; the same objects as in the table. */
  readonly columns: readonly ColumnIR[];
  readonly primaryKey: readonly string[];
  /** Declared relations in source order, then backrefs created for this entity (ordered by origin). */
  readonly relations: readonly RelationIR[];
  readonly span: Span;
}
