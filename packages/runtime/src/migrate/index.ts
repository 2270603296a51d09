// `@relgen/runtime/migrate`: applying relgen migrations (deploy, status, down)
// and the file format they share with `relgen migrate dev`. pg and mysql2 are
// loaded only when a URL needs them.
export * from "./format.js";
export {
  migrate,
  migrationStatus,
  migrateDown,
  type MigratorOptions,
  type DeployResult,
  type DownResult,
  type StatusResult,
  type AppliedMigration,
  type PartialMigration,
} from "./migrator.js";
export { introspect } from "./introspect.js";
export { introspectDetails, type CatalogDetails, type TableDetails, type ColumnDetails, type UnsupportedIndex } from "./details.js";
export { compareCatalogs, sortCatalog, emptyCatalog } from "./catalog.js";
export { normalizeColumnType, normalizeAction } from "./normalize.js";
export { POSTGRES_SCALAR_TYPES } from "./postgres-types.js";
export { openUrl, sqlitePath, redact, type OpenOptions } from "./open-url.js";
export { splitStatements, readDirectives, type SplitOptions, type Directives } from "./split.js";
export { discoverMigrations, checksumOf, type MigrationFiles } from "./folder.js";
export {
  MigrationsFolderError,
  ChecksumMismatchError,
  SchemaDriftError,
  MigrationFailedError,
  IrreversibleMigrationError,
  MigrationLockError,
  MissingDriverError,
  MigrationUsageError,
} from "./errors.js";
