// `relgen migrate dev`: snapshot, schema diff, data-loss and rename analysis, and each change's SQL.
export { snapshotOf, renderSnapshot } from "./snapshot.js";
export { parseSnapshot, SnapshotError } from "./parse-snapshot.js";
export { planMigration, type MigrationPlan, type PlanOptions } from "./plan.js";
export { irreversibleReason, type DataLoss } from "./losses.js";
export { describeChange } from "./describe.js";
export type { SchemaChange, NamedKey } from "./changes.js";
export { renderMigration, renderEmptyMigration, type MigrationFiles, type MigrationFileOptions } from "./render.js";
export type { SchemaSnapshot, SnapshotTable, SnapshotColumn, SnapshotEnum, SnapshotForeignKey } from "./snapshot-types.js";
