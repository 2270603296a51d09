/**
 * The on-disk contract between `relgen migrate dev` (which writes migrations)
 * and the migrator (which applies them). Both sides import these names, so a
 * file the generator writes is always one the runtime reads.
 *
 *   <migrations>/
 *     snapshots/0002_add_nickname.json      resolved schema after 0002 (dialect-independent; migrate dev diffs against the newest)
 *     sqlite/0002_add_nickname.sql          up
 *     sqlite/0002_add_nickname.down.sql     down
 *     sqlite/0002_add_nickname.catalog.json what the catalog looks like after up (drift check)
 *     postgres/…  mysql/…
 *
 * A migration's id is its file name without `.sql` (`0002_add_nickname`);
 * ids sort by their numeric prefix. A hand-written migration (`--empty`) has
 * the same three files per dialect.
 */

export type MigrationDialect = "sqlite" | "postgres" | "mysql";

export const SNAPSHOTS_DIR = "snapshots";
export const UP_SUFFIX = ".sql";
export const DOWN_SUFFIX = ".down.sql";
export const CATALOG_SUFFIX = ".catalog.json";
/** `0002_add_nickname`: four or more digits, underscore, lowercase words. */
export const MIGRATION_ID = /^(\d{4,})_([a-z0-9]+(?:_[a-z0-9]+)*)$/;

/**
 * Directives are comment lines at the top of a migration file (before the
 * first statement), so the file stays plain SQL that any tool can run.
 *
 * `-- relgen:irreversible <reason>` in a down file: the migrator refuses to
 * run it and prints the reason (a dropped column cannot be brought back).
 */
export const IRREVERSIBLE_DIRECTIVE = "-- relgen:irreversible";
/**
 * `-- relgen:foreign-keys-off` in a SQLite file that rebuilds tables: the
 * migrator sets `PRAGMA foreign_keys = OFF` before BEGIN (it is a no-op inside
 * a transaction), runs `PRAGMA foreign_key_check` before COMMIT (any row is a
 * failure and rolls back), and turns foreign keys back on after.
 */
export const FOREIGN_KEYS_OFF_DIRECTIVE = "-- relgen:foreign-keys-off";

/** The history table the migrator keeps in the database. */
export const HISTORY_TABLE = "relgen_migrations";

/**
 * A database's schema as the migrator compares it: what introspection reads
 * from the catalog, and what `<id>.catalog.json` says it should be. Names are
 * database names (tables, columns). Everything is sorted so two catalogs
 * compare with a deep equality and print stable differences.
 */
export interface Catalog {
  readonly dialect: MigrationDialect;
  /** Sorted by name. The history table is never listed. */
  readonly tables: readonly CatalogTable[];
  /** PostgreSQL enum types, sorted by name (members in declared order); empty elsewhere. */
  readonly enums: readonly CatalogEnum[];
}

export interface CatalogEnum {
  readonly name: string;
  readonly values: readonly string[];
}

export interface CatalogTable {
  readonly name: string;
  /** Sorted by name (column order differs after ALTER TABLE ADD COLUMN, and does not matter). */
  readonly columns: readonly CatalogColumn[];
  /** Column names in key order; empty when the table has no primary key. */
  readonly primaryKey: readonly string[];
  /** Unique constraints and unique indexes (not the primary key), each as its column list; sorted. */
  readonly uniques: readonly (readonly string[])[];
  /** Non-unique indexes, each as its column list; sorted. */
  readonly indexes: readonly (readonly string[])[];
  /** Sorted by columns, then target. */
  readonly foreignKeys: readonly CatalogForeignKey[];
}

export interface CatalogColumn {
  readonly name: string;
  /** The engine's type, normalised per dialect (see the introspection of each engine). */
  readonly type: string;
  readonly nullable: boolean;
  /** Whether the column has a default (autoincrement / identity counts as one). */
  readonly hasDefault: boolean;
}

export interface CatalogForeignKey {
  readonly columns: readonly string[];
  readonly targetTable: string;
  readonly targetColumns: readonly string[];
  /** `cascade`, `set-null`, `restrict`, `no-action` or `set-default`; an engine's default reads as `no-action`. */
  readonly onDelete: string;
  readonly onUpdate: string;
}
