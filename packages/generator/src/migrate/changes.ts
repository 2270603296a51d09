import type { SnapshotColumn, SnapshotEnum, SnapshotForeignKey, SnapshotTable } from "./snapshot-types.js";

/**
 * One difference between two snapshots. Table and column names are database
 * names, and every change after a rename uses the new names (renames run
 * first). Key lists inside `table`, `column`, `foreignKey`, `index` objects
 * hold field names of the snapshot they came from: `drop-*` from the
 * previous one, `add-*` from the next one.
 */
export type SchemaChange =
  | { readonly kind: "create-enum"; readonly enum: SnapshotEnum }
  | { readonly kind: "drop-enum"; readonly enum: SnapshotEnum }
  | { readonly kind: "change-enum"; readonly name: string; readonly before: readonly string[]; readonly after: readonly string[] }
  | { readonly kind: "create-table"; readonly table: SnapshotTable }
  | { readonly kind: "drop-table"; readonly table: SnapshotTable }
  | { readonly kind: "rename-table"; readonly from: string; readonly to: string }
  | { readonly kind: "add-column"; readonly table: string; readonly column: SnapshotColumn }
  | { readonly kind: "drop-column"; readonly table: string; readonly column: SnapshotColumn }
  | { readonly kind: "rename-column"; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: "alter-column"; readonly table: string; readonly before: SnapshotColumn; readonly after: SnapshotColumn }
  | KeyChange<"add-primary-key">
  | KeyChange<"drop-primary-key">
  | KeyChange<"add-unique">
  | KeyChange<"drop-unique">
  | KeyChange<"add-index">
  | KeyChange<"drop-index">
  | ForeignKeyChange<"add-foreign-key">
  | ForeignKeyChange<"drop-foreign-key">
  | KeyRename<"rename-primary-key">
  | KeyRename<"rename-unique">
  | KeyRename<"rename-index">
  | KeyRename<"rename-foreign-key">;

interface KeyChange<K extends string> {
  readonly kind: K;
  readonly table: string;
  readonly key: NamedKey;
}

interface ForeignKeyChange<K extends string> {
  readonly kind: K;
  readonly table: string;
  readonly foreignKey: SnapshotForeignKey;
}

interface KeyRename<K extends string> {
  readonly kind: K;
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

/** A primary key, unique constraint or index: its name and its fields (of the snapshot it came from). */
export interface NamedKey {
  readonly name: string;
  readonly columns: readonly string[];
}

export type ChangeKind = SchemaChange["kind"];

/** The renames a diff follows: new database name -> old database name. */
export interface Renames {
  readonly tables: ReadonlyMap<string, string>;
  /** By the table's new name, then the column's new name. */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export const NO_RENAMES: Renames = { tables: new Map(), columns: new Map() };

/** The renames a list of changes performs, turned around (old -> new becomes new -> old), for the down script. */
export function invertedRenames(changes: readonly SchemaChange[]): Renames {
  const tables = new Map<string, string>();
  const newTable = new Map<string, string>();
  for (const c of changes) if (c.kind === "rename-table") (tables.set(c.from, c.to), newTable.set(c.to, c.from));
  const columns = new Map<string, Map<string, string>>();
  for (const c of changes) {
    if (c.kind !== "rename-column") continue;
    const table = newTable.get(c.table) ?? c.table;
    const map = columns.get(table) ?? new Map<string, string>();
    map.set(c.from, c.to);
    columns.set(table, map);
  }
  return { tables, columns };
}
