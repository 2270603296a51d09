import type { ScalarKeys, handleKind } from "../relations.js";


/** Column values a bulk `update()` writes: scalar fields only, each with its field's type. */
export type UpdateValues<T> = { readonly [K in ScalarKeys<T>]?: T[K] };

export interface BulkOptions {
  /**
   * Bring the session's objects for the touched rows in step (default true):
   * updated ones get the new values as their loaded state, deleted ones leave
   * the identity map. `false` sends only the data statement.
   */
  readonly synchronize?: boolean;
}

/** To-many relations of `T` (dynamic ones included): what `_count` counts. */
export type ToManyKeys<T> = {
  [K in keyof T]-?: T[K] extends { readonly [handleKind]: "collection" | "dynamic" } ? K : never;
}[keyof T] &
  string;

/** The relation counts a projection asks for: `{ _count: ["pets"] }`. */
export interface CountSpec<C extends string> {
  readonly _count: readonly C[];
}

/** A projected row: the chosen columns, typed as the model's fields, plus `_count` when asked. */
export type Projected<T, K extends keyof T, C extends string = never> = { -readonly [P in K]: T[P] } & ([C] extends [never]
  ? unknown
  : { _count: { [P in C]: number } });

/** A query returning plain rows (not entities, not in the identity map). */
export interface ProjectionQuery<R> {
  all(): Promise<R[]>;
  first(): Promise<R | undefined>;
  /** Exactly one row, else `NoResultError` (none) or an error naming that there were several. */
  one(): Promise<R>;
}

/** Fields that `sum` / `avg` take: numbers, bigints, and Decimals (strings; a String column is refused at run time). */
export type SummableKeys<T> = {
  [K in ScalarKeys<T>]-?: [NonNullable<T[K]>] extends [number | bigint | string] ? K : never;
}[ScalarKeys<T>];

/** Fields that `min` / `max` take: anything ordered (numbers, bigints, strings, dates). */
export type OrderedKeys<T> = {
  [K in ScalarKeys<T>]-?: [NonNullable<T[K]>] extends [number | bigint | string | Date] ? K : never;
}[ScalarKeys<T>];

/** One aggregate: `{ count: true }` (rows), `{ count: "field" }` (non-null values), `{ sum: "age" }`, … */
export type AggregateOf<T> =
  | { readonly count: true | ScalarKeys<T> }
  | { readonly sum: SummableKeys<T> }
  | { readonly avg: SummableKeys<T> }
  | { readonly min: OrderedKeys<T> }
  | { readonly max: OrderedKeys<T> };

/** Named aggregates: the names become the result row's properties. */
export type AggregateSpec<T> = { readonly [name: string]: AggregateOf<T> };

type SumType<V> = V extends bigint ? bigint : V extends number ? number : string;
type AvgType<V> = V extends string ? string : number;

/** The value one aggregate yields; `null` where SQL yields NULL (no rows, or only NULLs). */
export type AggregateValue<T, A> = A extends { readonly count: unknown }
  ? number
  : A extends { readonly sum: infer K extends keyof T }
    ? SumType<NonNullable<T[K]>> | null
    : A extends { readonly avg: infer K extends keyof T }
      ? AvgType<NonNullable<T[K]>> | null
      : A extends { readonly min: infer K extends keyof T }
        ? NonNullable<T[K]> | null
        : A extends { readonly max: infer K extends keyof T }
          ? NonNullable<T[K]> | null
          : never;

export type AggregateRow<T, S> = { -readonly [A in keyof S]: AggregateValue<T, S[A]> };

/** A group's row: its group fields (typed as the columns) and its aggregates. */
export type GroupRow<T, G extends keyof T, S> = { -readonly [P in G]: T[P] } & AggregateRow<T, S>;

/** `query.groupBy(...fields)`: name the aggregates next. */
export interface GroupedQuery<T, G extends keyof T> {
  aggregate<const S extends AggregateSpec<T>>(spec: S): AggregateQuery<GroupRow<T, G, S>>;
}

/** Grouped rows, ordered by the group fields unless `orderBy` says otherwise. */
export interface AggregateQuery<R> {
  /** Order by a group field or an aggregate's name; repeated calls add keys. */
  orderBy(key: keyof R & string, direction?: "asc" | "desc"): AggregateQuery<R>;
  limit(count: number): AggregateQuery<R>;
  all(): Promise<R[]>;
}


