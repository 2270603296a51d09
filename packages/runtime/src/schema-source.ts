import type {
  CascadeMeta,
  ColumnTypeMeta,
  DefaultMeta,
  LoadStrategyMeta,
  ReferentialActionMeta,
  RelationKindMeta,
  ScalarKindMeta,
} from "./schema-meta.js";

/**
 * What a generated `schema.ts` writes: {@link SchemaMeta} with everything the
 * runtime can derive left out. `defineSchema` expands it once, at import; the
 * rest of the runtime only reads the full `SchemaMeta`. A property omitted
 * here takes the value `schema-derive.ts` gives it; the generator writes a
 * property exactly when its value differs from that, so either form of any
 * schema expands to the same metadata.
 *
 * Names are the keys (entity, column, relation, enum); a column's database
 * name defaults to its field name; flags default to false.
 */
export interface SchemaSource {
  readonly entities: Named<EntitySource>;
  /** In creation order. An entity's table takes its columns and key from the entity. */
  readonly tables: readonly TableSource[];
  readonly enums?: Named<readonly string[]>;
}

/**
 * An object keyed by name. An entity, column or relation may be called
 * `toString` or `constructor`; tsc types such a key in an object literal by
 * `Object`'s member instead of the index signature, so its string values
 * would widen to `string` and fail to check. Naming those members gives the
 * literal its contextual type (their `Object` types stay allowed because an
 * object literal always has them).
 */
export type Named<T> = { readonly [name: string]: T } & { readonly [P in ObjectMember]?: T | Object[P] };

type ObjectMember = "constructor" | "toString" | "toLocaleString" | "valueOf" | "hasOwnProperty" | "isPrototypeOf" | "propertyIsEnumerable";


export interface EntitySource {
  readonly table: string;
  /** Keyed by field name, in declaration order. */
  readonly columns: Named<ColumnSource>;
  /** Default: the columns marked `primaryKey`, in column order. */
  readonly primaryKey?: readonly string[];
  readonly relations?: Named<RelationSource>;
}

/** A type without options may be written as its kind alone. */
export type ColumnTypeSource = ScalarKindMeta | ColumnTypeMeta;

/** A default without a value may be written as its kind alone. */
export type DefaultSource = DefaultMeta | "autoincrement" | "now" | "uuid";

export interface ColumnSource {
  /** Database name; default: the field name. */
  readonly column?: string;
  readonly type: ColumnTypeSource;
  readonly nullable?: boolean;
  readonly primaryKey?: boolean;
  /** Default: true exactly when the default is `autoincrement`. */
  readonly autoincrement?: boolean;
  readonly default?: DefaultSource;
  readonly unique?: boolean;
}

/**
 * Defaults, by `kind`: the foreign-key side (`self` for many-to-one and
 * one-to-one, `target` for one-to-many, `through` for many-to-many); the
 * cardinality (`many` for to-many, else `one` when every local column is
 * required, else `optional`); the key on the side without the foreign key
 * (owner's or target's primary key; a one-to-many's remote columns are its
 * inverse's local columns); lazy `select`; cascade save-update, merge; no
 * order; selfReferential when the target is the owner.
 */
export interface RelationSource {
  readonly kind: RelationKindMeta;
  readonly target: string;
  readonly cardinality?: "one" | "optional" | "many";
  readonly foreignKeySide?: "self" | "target" | "through";
  readonly localColumns?: readonly string[];
  readonly remoteColumns?: readonly string[];
  readonly through?: ThroughSource;
  readonly inverse?: string;
  readonly lazy?: LoadStrategyMeta;
  readonly cascade?: readonly CascadeMeta[];
  readonly orderBy?: readonly { readonly field: string; readonly direction: "asc" | "desc" }[];
  readonly passiveDeletes?: boolean;
  readonly viewOnly?: boolean;
  readonly selfReferential?: boolean;
}

/** References default to the owner's and the target's primary keys. */
export interface ThroughSource {
  readonly table: string;
  readonly entity?: string;
  readonly sourceColumns: readonly string[];
  readonly sourceReferences?: readonly string[];
  readonly targetColumns: readonly string[];
  readonly targetReferences?: readonly string[];
}

/**
 * An entity's table may name only the entity: its name, columns and key
 * default to the entity's. An association table has no entity and gives its
 * name and columns.
 */
export interface TableSource {
  readonly name?: string;
  readonly entity?: string;
  readonly columns?: Named<ColumnSource>;
  /** Default: the entity's key, or for an association table the columns marked `primaryKey`. */
  readonly primaryKey?: readonly string[];
  readonly foreignKeys?: readonly ForeignKeySource[];
  readonly keyNames?: { readonly [constraint: string]: string };
}

/**
 * Defaults: the name `<table>_<columns>_fkey` (database column names), the
 * target entity's table and primary key, not deferred.
 */
export interface ForeignKeySource {
  readonly name?: string;
  readonly columns: readonly string[];
  /** Required when the target is not an entity's table. */
  readonly targetTable?: string;
  readonly targetEntity?: string;
  readonly targetColumns?: readonly string[];
  readonly onDelete?: ReferentialActionMeta;
  readonly onUpdate?: ReferentialActionMeta;
  readonly deferred?: boolean;
}
