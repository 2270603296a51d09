import { type Diagnostic, type SchemaIR, sortDiagnostics, suspectedRename, unknownRenamedFrom } from "@relgen/dsl";
import type { Renames, SchemaChange } from "./changes.js";
import { describeChange } from "./describe.js";
import { diffSnapshots } from "./diff.js";
import { type DataLoss, dataLosses } from "./losses.js";
import { snapshotOf } from "./snapshot.js";
import type { SchemaSnapshot, SnapshotColumn, SnapshotTable } from "./snapshot-types.js";

export interface MigrationPlan {
  /** snapshotOf(ir): stored beside the migration. */
  readonly next: SchemaSnapshot;
  /** Empty means "no changes". */
  readonly changes: readonly SchemaChange[];
  /** One human line per change. */
  readonly summary: readonly string[];
  /** What would lose data; the CLI refuses unless --allow-data-loss. */
  readonly losses: readonly DataLoss[];
  /** E09xx errors, located in the new schema; any error means the CLI refuses. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface PlanOptions {
  readonly allowDataLoss?: boolean;
}

/**
 * Compares the schema with the snapshot of the last migration. Renames come
 * only from `@renamedFrom` / `@@renamedFrom`; a drop and an add that look
 * like a rename are an error (E0901) unless data loss is allowed.
 */
export function planMigration(previous: SchemaSnapshot, ir: SchemaIR, options: PlanOptions = {}): MigrationPlan {
  const next = snapshotOf(ir);
  const diagnostics: Diagnostic[] = [];
  const renames = resolveRenames(previous, ir, diagnostics);
  const changes = diffSnapshots(previous, next, renames);
  if (!options.allowDataLoss) diagnostics.push(...suspectedRenames(changes, ir));
  return {
    next,
    changes,
    summary: changes.map(describeChange),
    losses: dataLosses(changes, next),
    diagnostics: sortDiagnostics(diagnostics),
  };
}

function resolveRenames(previous: SchemaSnapshot, ir: SchemaIR, diagnostics: Diagnostic[]): Renames {
  const previousByName = new Map(previous.tables.map((t) => [t.name, t]));
  const tables = new Map<string, string>();
  const columns = new Map<string, Map<string, string>>();
  for (const table of ir.tables) {
    let before = previousByName.get(table.name);
    if (table.renamedFrom !== undefined && before === undefined) {
      const old = table.renamedFrom;
      before = previous.tables.find((t) => t.entity === old) ?? previousByName.get(old);
      if (before === undefined) {
        const known = previous.tables.map((t) => t.entity ?? t.name);
        diagnostics.push(unknownRenamedFrom(table.span, "entity or table", old, known));
      } else tables.set(table.name, before.name);
    }
    const map = new Map<string, string>();
    for (const column of table.columns) {
      const old = column.renamedFrom;
      if (old === undefined || before?.columns.some((c) => c.columnName === column.columnName)) continue;
      const match = before?.columns.find((c) => c.name === old) ?? before?.columns.find((c) => c.columnName === old);
      if (match === undefined) diagnostics.push(unknownRenamedFrom(column.span, "field", old, before?.columns.map((c) => c.name) ?? []));
      else map.set(column.columnName, match.columnName);
    }
    if (map.size > 0) columns.set(table.name, map);
  }
  return { tables, columns };
}

const FAMILY: Record<string, string> = { String: "text", Text: "text", Int: "integer", BigInt: "integer" };
const family = (c: SnapshotColumn) => FAMILY[c.type.kind] ?? c.type.kind;

/** E0901 for every added column / table that could be a dropped one under a new name. */
function suspectedRenames(changes: readonly SchemaChange[], ir: SchemaIR): Diagnostic[] {
  const found: Diagnostic[] = [];
  const irTable = (name: string) => ir.tables.find((t) => t.name === name);
  const droppedColumns = changes.flatMap((c) => (c.kind === "drop-column" ? [c] : []));
  const paired = new Set<object>();
  for (const c of changes) {
    if (c.kind !== "add-column") continue;
    const old = droppedColumns.find((d) => d.table === c.table && !paired.has(d) && family(d.column) === family(c.column));
    const column = irTable(c.table)?.columns.find((col) => col.columnName === c.column.columnName);
    // A field that names its old self already said what it wants (E0902 when the name is wrong).
    if (old === undefined || column === undefined || column.renamedFrom !== undefined) continue;
    paired.add(old);
    found.push(
      suspectedRename(column.span, "column", `${c.table}.${old.column.columnName}`, `${c.table}.${c.column.columnName}`, old.column.name),
    );
  }
  const droppedTables = changes.flatMap((c) => (c.kind === "drop-table" ? [c.table] : []));
  for (const c of changes) {
    if (c.kind !== "create-table") continue;
    const old = droppedTables.find((d) => !paired.has(d) && similarTables(d, c.table));
    const table = irTable(c.table.name);
    if (old === undefined || table === undefined || table.renamedFrom !== undefined) continue;
    paired.add(old);
    found.push(suspectedRename(table.span, "table", old.name, c.table.name, old.entity ?? old.name));
  }
  return found;
}

/** At least half of the larger table's columns appear in the other with the same name and kind. */
function similarTables(a: SnapshotTable, b: SnapshotTable): boolean {
  const shared = a.columns.filter((c) => b.columns.some((d) => d.columnName === c.columnName && family(d) === family(c))).length;
  return shared * 2 >= Math.max(a.columns.length, b.columns.length);
}
