import type { LoadedCollection, LoadedReadonlyCollection, LoadedReference } from "../loaded.js";
import type { Collection, DynamicCollection, ReadonlyCollection, Reference, ScalarKeys, handleKind } from "../relations.js";

/** Strategies a query can ask for per relation (`dynamic` is a declaration, not a per-query choice). */
export type LoadStrategy = "select" | "joined" | "subquery" | "selectin" | "raise" | "noload";
export type EagerStrategy = "joined" | "subquery" | "selectin";

/** Property names of `T` that are loadable relations. */
export type RelationKeys<T> = {
  [K in keyof T]-?: T[K] extends { readonly [handleKind]: "reference" | "collection" } ? K : never;
}[keyof T] &
  string;

/** The related model of a relation handle. */
export type TargetOf<H> =
  H extends ReadonlyCollection<infer U> ? U : H extends Reference<infer U> ? NonNullable<U> : never;

/** How to load one relation: a strategy, `true` (eagerly, the declared way), or a strategy with nested choices. */
export type LoadOption<T> = LoadStrategy | true | { readonly lazy?: LoadStrategy; readonly with?: LoadSpec<T> };

/** Per-relation loading choices for a query, nested to any depth. */
export type LoadSpec<T> = { readonly [K in RelationKeys<T>]?: LoadOption<TargetOf<T[K]>> };

type NotLoading = "select" | "raise" | "noload" | { readonly lazy: "select" | "raise" | "noload" };

type NestedOf<O> = O extends { readonly with: infer W } ? W : {};

type LoadedDeep<H, O> =
  H extends DynamicCollection<unknown>
    ? H
    : H extends Collection<infer U, infer I>
      ? LoadedCollection<WithLoaded<U, NestedOf<O>>, I>
      : H extends ReadonlyCollection<infer U>
        ? LoadedReadonlyCollection<WithLoaded<U, NestedOf<O>>>
        : H extends Reference<infer U>
          ? LoadedReference<null extends U ? WithLoaded<NonNullable<U>, NestedOf<O>> | null : WithLoaded<U, NestedOf<O>>>
          : H;

/** `T` with the relations a `LoadSpec` loads typed as loaded, recursively. */
export type WithLoaded<T, S> = [keyof S] extends [never]
  ? T
  : T & {
      readonly [K in keyof S & keyof T as S[K] extends NotLoading ? never : K]: LoadedDeep<T[K], S[K]>;
    };

type Comparable<V> = V extends Date ? Date : V;

/**
 * `string` for a text column (nullable or not), `never` for any other, so text
 * operators type-check only there. Enums (literal unions) are excluded; a
 * `Uuid` column is a `string` to the types and is refused when `where()` runs.
 */
type TextOnly<V> = [NonNullable<V>] extends [string] ? (string extends NonNullable<V> ? string : never) : never;

/**
 * Operators for one column: `{ gt: 3 }`, `{ in: [1, 2] }`, `{ like: "a%" }`,
 * `{ contains: "x", mode: "insensitive" }`. Several are ANDed.
 */
export interface FieldOperators<V> {
  readonly eq?: V;
  readonly ne?: V;
  readonly lt?: Comparable<V>;
  readonly lte?: Comparable<V>;
  readonly gt?: Comparable<V>;
  readonly gte?: Comparable<V>;
  readonly in?: readonly V[];
  readonly notIn?: readonly V[];
  readonly like?: V extends string | null ? string : never;
  /** The text appears anywhere; `%` and `_` in it are literal. */
  readonly contains?: TextOnly<V>;
  readonly startsWith?: TextOnly<V>;
  readonly endsWith?: TextOnly<V>;
  /** `"insensitive"`: contains / startsWith / endsWith ignore case (ASCII only on SQLite). */
  readonly mode?: TextOnly<V> extends never ? never : "default" | "insensitive";
}

/** A filter across a to-many relation: `{ pets: { some: { species: "Cat" } } }`. */
export interface ToManyFilter<U> {
  /** At least one related row matches. */
  readonly some?: Where<U>;
  /** Every related row matches (true when there are none). */
  readonly every?: Where<U>;
  /** No related row matches. */
  readonly none?: Where<U>;
}

/** A filter across a to-one relation: `{ owner: { is: { name: "Ann" } } }`; `is: null` means no related row. */
export interface ToOneFilter<U> {
  readonly is?: Where<U> | null;
  /** The related row does not match (a row with no related object matches). */
  readonly isNot?: Where<U> | null;
}

/** Property names of `T` that are relations a filter can cross (dynamic collections included). */
export type FilterRelationKeys<T> = {
  [K in keyof T]-?: T[K] extends { readonly [handleKind]: "reference" | "collection" | "dynamic" } ? K : never;
}[keyof T] &
  string;

type RelationFilter<H> =
  H extends DynamicCollection<infer U>
    ? ToManyFilter<U>
    : H extends ReadonlyCollection<infer U>
      ? ToManyFilter<U>
      : H extends Reference<infer U>
        ? ToOneFilter<NonNullable<U>>
        : never;

/** `AND` / `OR` / `NOT`, nested to any depth. */
export interface WhereCombinators<T> {
  /** All match; `[]` matches every row. */
  readonly AND?: Where<T> | readonly Where<T>[];
  /** Any matches; `[]` matches no row. */
  readonly OR?: readonly Where<T>[];
  /** None matches (a NULL comparison counts as not matching, so its row is kept). */
  readonly NOT?: Where<T> | readonly Where<T>[];
}

/**
 * A filter: per column equality (`null` means IS NULL) or operators, per
 * relation `some` / `every` / `none` (to-many) or `is` / `isNot` (to-one), and
 * `AND` / `OR` / `NOT`; the keys of one object are ANDed.
 */
export type Where<T> = { readonly [K in ScalarKeys<T>]?: T[K] | FieldOperators<T[K]> } & {
  readonly [K in FilterRelationKeys<T>]?: RelationFilter<T[K]>;
} & WhereCombinators<T>;

type ToOneKeys<T> = {
  [K in keyof T]-?: T[K] extends { readonly [handleKind]: "reference" } ? K : never;
}[keyof T] &
  string;

type Depth = [never, 0, 1, 2];

/**
 * What `orderBy` takes: a column, or `relation.column` through to-one
 * relations (up to three deep in the type; a misspelt path is a compile error).
 */
export type OrderPath<T, D extends number = 2> =
  | ScalarKeys<T>
  | ([D] extends [never] ? never : { [K in ToOneKeys<T>]: `${K}.${OrderPath<TargetOf<T[K]>, Depth[D]>}` }[ToOneKeys<T>]);
