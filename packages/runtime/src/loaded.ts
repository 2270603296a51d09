import type { Collection, DynamicCollection, ReadonlyCollection, Reference } from "./relations.js";

/** A reference known to be loaded: `value` is safe to read synchronously. */
export interface LoadedReference<T> extends Reference<T> {
  readonly isLoaded: true;
  readonly value: T;
}

/**
 * A collection known to be loaded. The items are under `value` (not `items`,
 * which is already the throwing method on every collection).
 */
export interface LoadedReadonlyCollection<T> extends ReadonlyCollection<T> {
  readonly isLoaded: true;
  readonly value: readonly T[];
}

export interface LoadedCollection<T, I = never> extends Collection<T, I> {
  readonly isLoaded: true;
  readonly value: readonly T[];
}

/** The loaded form of one relation handle; dynamic relations are queries and stay as they are. */
export type LoadedHandle<H> =
  H extends DynamicCollection<unknown>
    ? H
    : H extends Collection<infer U, infer I>
      ? LoadedCollection<U, I>
      : H extends ReadonlyCollection<infer U>
        ? LoadedReadonlyCollection<U>
        : H extends Reference<infer U>
          ? LoadedReference<U>
          : H;

/**
 * `T` with the relations `K` known to be loaded, as in MikroORM's
 * `Loaded<User, "posts">`: what `session.query(User).with("posts")` returns.
 *
 * @example
 * function titles(user: Loaded<User, "posts">): string[] {
 *   return user.posts.value.map((p) => p.title); // no await, no NotLoadedError
 * }
 */
export type Loaded<T, K extends keyof T> = T & { readonly [P in K]: LoadedHandle<T[P]> };
