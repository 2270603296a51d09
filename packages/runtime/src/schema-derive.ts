import type { ColumnMeta, DefaultMeta, EntityMeta, RelationKindMeta, RelationMeta } from "./schema-meta.js";

/**
 * The value a `SchemaSource` property takes when it is left out, computed
 * from the properties it depends on. `defineSchema` fills omissions with
 * these and `compactSchema` omits exactly what they reproduce, so the two
 * stay inverse by construction: a rule changed here changes both.
 */

export const DEFAULT_LAZY = "select";
export const DEFAULT_CASCADE = ["save-update", "merge"] as const;

export function defaultAutoincrement(d: DefaultMeta | undefined): boolean {
  return d?.kind === "autoincrement";
}

export function keyOf(columns: readonly ColumnMeta[]): string[] {
  return columns.filter((c) => c.primaryKey).map((c) => c.name);
}

export function defaultForeignKeySide(kind: RelationKindMeta): RelationMeta["foreignKeySide"] {
  if (kind === "one-to-many") return "target";
  if (kind === "many-to-many") return "through";
  return "self";
}

/** The key on the side without the foreign key; undefined for the side that has it (always written). */
export function defaultLocalColumns(side: RelationMeta["foreignKeySide"], owner: EntityMeta): readonly string[] | undefined {
  return side === "self" ? undefined : owner.primaryKey;
}

/** A relation's remote columns: the target's key, or on the `target` side its inverse's foreign key. */
export function defaultRemoteColumns(
  side: RelationMeta["foreignKeySide"],
  target: EntityMeta,
  inverseLocalColumns: readonly string[] | undefined,
): readonly string[] | undefined {
  return side === "target" ? inverseLocalColumns : target.primaryKey;
}

export function defaultCardinality(
  kind: RelationKindMeta,
  side: RelationMeta["foreignKeySide"],
  localColumns: readonly string[],
  owner: EntityMeta,
): RelationMeta["cardinality"] {
  if (kind === "one-to-many" || kind === "many-to-many") return "many";
  if (side !== "self") return "optional";
  const nullable = localColumns.some((f) => owner.columns.find((c) => c.name === f)?.nullable !== false);
  return nullable ? "optional" : "one";
}

/** `<table>_<database columns>_fkey`, the generator's name before shortening or de-duplication. */
export function defaultForeignKeyName(table: string, fields: readonly string[], columns: readonly ColumnMeta[]): string {
  const names = fields.map((f) => columns.find((c) => c.name === f)?.column ?? f);
  return `${table}_${names.join("_")}_fkey`;
}

/** Deep equality of plain metadata (strings, numbers, booleans, null, arrays, objects; absent = undefined). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** `T` with every property that may be undefined made optional instead (what {@link present} returns). */
export type Present<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * `o` without its undefined properties: optional metadata is absent, not `undefined`, in
 * both forms (as in the generator's output, and as `exactOptionalPropertyTypes` wants).
 * A copy rather than `delete`: an object that loses a property becomes a slow
 * dictionary for V8, and the generator reads every one of these again.
 */
export function present<T extends object>(o: T): Present<T> {
  const kept: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) kept[k] = v;
  }
  return kept as Present<T>;
}
