/**
 * One array per distinct list of names for the IR: it repeats `["id"]` and
 * `[]` hundreds of thousands of times (key columns, join columns, cascades),
 * 56 bytes each. The IR is frozen, so equal lists can be one array; it is
 * read as data, never by identity.
 */
export class NameLists {
  readonly #byKey = new Map<string, readonly string[]>();

  of<T extends string>(names: readonly T[]): readonly T[] {
    const key = names.join("\u0000");
    const known = this.#byKey.get(key) as readonly T[] | undefined;
    // "" is both [] and [""]: the length tells them apart
    if (known !== undefined && known.length === names.length) return known;
    const list = names.slice();
    if (known === undefined) this.#byKey.set(key, list);
    return list;
  }
}
