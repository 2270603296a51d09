/**
 * Facts the resolver passes hand to each other. Each pass reads the facts of
 * the passes before it and returns new ones; the AST is never touched.
 */
import type { EntityDecl, EnumDecl, FieldDecl, SchemaFile, TableDecl } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { CascadeKind, ColumnType, DefaultValue, LoadStrategy, OrderByIR, ReferentialAction } from "../ir/schema-ir.js";
import type { Span } from "../source/span.js";

export interface PassResult<T> {
  readonly facts: T;
  readonly diagnostics: readonly Diagnostic[];
}

export type TableLikeDecl = EntityDecl | TableDecl;

/** names: every declaration, in declaration order (files in load order, each in source order). */
export interface NameFacts {
  readonly files: readonly SchemaFile[];
  readonly models: readonly TableLikeDecl[];
  readonly enums: readonly EnumDecl[];
  readonly byName: ReadonlyMap<string, TableLikeDecl | EnumDecl>;
}

/** types: every field classified as a column or a relation. */
export interface ScalarField {
  readonly kind: "scalar";
  readonly field: FieldDecl;
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

export interface RelationField {
  readonly kind: "relation";
  readonly field: FieldDecl;
  readonly name: string;
  readonly target: string;
  readonly cardinality: "one" | "optional" | "many";
}

export interface ModelFacts {
  readonly decl: TableLikeDecl;
  readonly name: string;
  readonly isEntity: boolean;
  readonly scalars: readonly ScalarField[];
  readonly relations: readonly RelationField[];
}

export interface TypeFacts {
  readonly names: NameFacts;
  readonly models: readonly ModelFacts[];
  readonly modelByName: ReadonlyMap<string, ModelFacts>;
}

/** attributes: what each attribute said, checked for shape and local consistency. */
export interface ReferenceSpec {
  readonly entity: string;
  readonly field?: string;
  readonly span: Span;
}

export interface ColumnFacts extends ScalarField {
  readonly columnName: string;
  readonly id: Span | undefined;
  readonly default?: DefaultValue;
  readonly unique: Span | undefined;
  readonly index: Span | undefined;
  readonly references?: ReferenceSpec;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** `@renamedFrom("old")`: the field's name before; `span` is the attribute's. */
  readonly renamedFrom?: RenameSpec;
}

export interface RenameSpec {
  readonly name: string;
  readonly span: Span;
}

export interface BackrefSpec {
  readonly name: string;
  readonly lazy?: LoadStrategy;
  readonly cascade?: readonly CascadeKind[];
  readonly span: Span;
}

export interface ThroughSpec {
  readonly name: string;
  readonly from?: { readonly name: string; readonly span: Span };
  readonly to?: { readonly name: string; readonly span: Span };
  readonly span: Span;
}

export interface RelationAttrFacts extends RelationField {
  readonly backref?: BackrefSpec;
  readonly inverse?: { readonly name: string; readonly span: Span };
  readonly fk?: { readonly name: string; readonly span: Span };
  readonly through?: ThroughSpec;
  readonly lazy?: { readonly value: LoadStrategy; readonly span: Span };
  readonly cascade?: { readonly value: readonly CascadeKind[]; readonly span: Span };
  readonly orderBy?: { readonly value: readonly OrderByIR[]; readonly span: Span; readonly fieldSpans: readonly Span[] };
  readonly passiveDeletes?: Span;
}

export interface ColumnSet {
  readonly fields: readonly string[];
  readonly span: Span;
}

export interface AttributedModel {
  readonly decl: TableLikeDecl;
  readonly name: string;
  readonly isEntity: boolean;
  readonly tableName: string;
  readonly columns: readonly ColumnFacts[];
  readonly relations: readonly RelationAttrFacts[];
  /** `@@id([...])` when given. */
  readonly blockId?: ColumnSet;
  /** Declared uniques / indexes, single-column and block ones, in source order. */
  readonly uniques: readonly ColumnSet[];
  readonly indexes: readonly ColumnSet[];
  /** `@@renamedFrom("old")`: the entity's old name, or a `table` declaration's old table name. */
  readonly renamedFrom?: RenameSpec;
}

export interface AttributeFacts {
  readonly names: NameFacts;
  readonly models: readonly AttributedModel[];
  readonly modelByName: ReadonlyMap<string, AttributedModel>;
}

/** keys + references: primary keys and resolved foreign keys. */
export interface ForeignKeyFact {
  readonly owner: AttributedModel;
  readonly column: ColumnFacts;
  readonly target: AttributedModel;
  readonly targetColumn: ColumnFacts;
}

export interface KeyFacts extends AttributeFacts {
  readonly primaryKeys: ReadonlyMap<AttributedModel, readonly string[]>;
  /** Every foreign key in declaration order. */
  readonly foreignKeys: readonly ForeignKeyFact[];
}

/** relations: every relation resolved, backrefs included. */
export interface ResolvedRelation {
  readonly owner: AttributedModel;
  readonly name: string;
  readonly kind: "many-to-one" | "one-to-many" | "one-to-one" | "many-to-many";
  readonly target: AttributedModel;
  readonly cardinality: "one" | "optional" | "many";
  readonly foreignKeySide: "self" | "target" | "through";
  readonly foreignKey?: ForeignKeyFact;
  readonly through?: { readonly model: AttributedModel; readonly source: ForeignKeyFact; readonly target: ForeignKeyFact };
  readonly inverse?: string;
  readonly fromBackref: boolean;
  readonly lazy: LoadStrategy;
  readonly cascade: readonly CascadeKind[];
  readonly orderBy: readonly OrderByIR[];
  readonly passiveDeletes: boolean;
  readonly viewOnly: boolean;
  readonly doc?: string;
  readonly span: Span;
}

export interface RelationFacts extends KeyFacts {
  /** Per entity: declared relations in source order, then backrefs created for it. */
  readonly relations: ReadonlyMap<AttributedModel, readonly ResolvedRelation[]>;
}

/** rules: table order and deferred keys. */
export interface RuleFacts extends RelationFacts {
  readonly tableOrder: readonly AttributedModel[];
  readonly deferred: ReadonlySet<ForeignKeyFact>;
}
