/**
 * Relation handles: what a generated model's relation properties are typed as
 * (`declare readonly posts: Collection<Post>`). The runtime installs the
 * implementations; reading an unloaded handle synchronously throws
 * `NotLoadedError` instead of returning `undefined`.
 */

import type { OrderPath, Where } from "./query/query-types.js";

/**
 * A type-only brand on every handle. Telling handles from columns by this one
 * property (not by their structure) keeps self-referential models such as
 * `Comment.replies: DynamicCollection<Comment>` from recursing in the types.
 */
export declare const handleKind: unique symbol;

/** A to-one relation (`author: Reference<User>`, nullable: `Reference<User | null>`). */
export interface Reference<T> {
  readonly [handleKind]: "reference";
  readonly isLoaded: boolean;
  /** The related object. Throws `NotLoadedError` when not loaded. */
  get(): T;
  /** Loads (once) and returns the related object. */
  load(): Promise<T>;
  set(value: T): void;
}

/** A to-many relation that can be read but not changed (view-only, through an association entity). */
export interface ReadonlyCollection<T> extends Iterable<T> {
  readonly [handleKind]: "collection";
  readonly isLoaded: boolean;
  /** The loaded items. Throws `NotLoadedError` when not loaded. */
  items(): readonly T[];
  load(): Promise<readonly T[]>;
  /** Number of loaded items. Throws `NotLoadedError` when not loaded. */
  readonly size: number;
  [Symbol.iterator](): Iterator<T>;
}

/**
 * `Init` without the keys `K`, one union member at a time, so that the other
 * required relations of the child stay required: what a parent takes for a
 * child it creates (the back-reference and its key are filled by the parent).
 */
export type InitWithout<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A to-many relation (`posts: Collection<Post>`). `I` is what `create` (and
 * `add`, besides objects) takes: the child's init without its back-reference.
 */
export interface Collection<T, I = never> extends ReadonlyCollection<T> {
  /** Plain objects are the inits of new objects, built as `create` does. */
  add(...items: Array<T | I>): void;
  /** Builds the object from `init`, adds it and returns it; its back-reference fills the key at flush. */
  create(init: I): T;
  remove(...items: T[]): void;
}

/** Property names of `T` that hold plain values (not relation handles or methods). */
export type ScalarKeys<T> = {
  [K in keyof T]-?: T[K] extends { readonly [handleKind]: string } | ((...args: never[]) => unknown) ? never : K;
}[keyof T] &
  string;

/** A filter over scalar properties: `{ published: true }`, `{ id: { in: [1, 2] } }`. */
export type WhereFilter<T> = Where<T>;

/** A query over a `dynamic` relation: filter, order and page before loading. */
export interface RelationQuery<T> {
  where(filter: WhereFilter<T>): RelationQuery<T>;
  orderBy(field: OrderPath<T>, direction?: "asc" | "desc"): RelationQuery<T>;
  limit(count: number): RelationQuery<T>;
  offset(count: number): RelationQuery<T>;
  count(): Promise<number>;
  /** Whether the relation holds any row matching the filters: one `SELECT 1 ... LIMIT 1`. */
  exists(): Promise<boolean>;
  first(): Promise<T | undefined>;
  /** Exactly one row, else `NoResultError` (none) or an error naming that there were several. */
  one(): Promise<T>;
  all(): Promise<readonly T[]>;
  /** Flush the session's pending changes before this query runs (default: the session's `autoflush`). */
  autoflush(enabled: boolean): RelationQuery<T>;
}

/** A `lazy: dynamic` to-many relation: a query, not a list. */
export interface DynamicCollection<T, I = never> {
  readonly [handleKind]: "dynamic";
  query(): RelationQuery<T>;
  add(...items: Array<T | I>): void;
  create(init: I): T;
  remove(...items: T[]): void;
}

export type RelationHandle = Reference<unknown> | ReadonlyCollection<unknown> | DynamicCollection<unknown>;
