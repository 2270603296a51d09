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

/** Operators for one column: `{ gt: 3 }`, `{ in: [1, 2] }`, `{ like: "a%" }`. */
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
}

/** A filter over columns: equality (`null` means IS NULL) or operators, all ANDed. */
export type Where<T> = { readonly [K in ScalarKeys<T>]?: T[K] | FieldOperators<T[K]> };
