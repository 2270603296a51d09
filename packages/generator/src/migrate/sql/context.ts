import type { ColumnIR, EnumIR, SchemaIR, TableIR } from "@relgen/dsl";
import type { SqlDialect } from "../../dialects/dialect.js";
import { TableLookup } from "../../migrations/table-lookup.js";
import type { SchemaChange } from "../changes.js";
import type { SchemaSnapshot } from "../snapshot-types.js";

/** Snapshots have no source positions; the DDL builders never read them. */
export const NO_SPAN = { file: "", start: 0, end: 0, line: 0, column: 0 };

/**
 * A snapshot seen as IR, so the DDL builders of 0001_init (createTable,
 * createIndex, foreign-key clauses) print migration tables exactly as a fresh
 * database of the same schema would have them. Spans are never read there.
 */
export function irOf(snapshot: SchemaSnapshot): SchemaIR {
  return {
    entities: [],
    tables: snapshot.tables.map(
      (t) =>
        ({
          ...t,
          columns: t.columns.map((c) => ({ ...c, span: NO_SPAN }) as ColumnIR),
          foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, span: NO_SPAN })),
          span: NO_SPAN,
        }) as TableIR,
    ),
    enums: snapshot.enums.map((e) => ({ ...e, span: NO_SPAN })),
    files: [],
  };
}

/** Both sides of one migration, as the per-dialect writers read them. */
export class MigrationContext {
  readonly fromIR: SchemaIR;
  readonly toIR: SchemaIR;
  readonly from: TableLookup;
  readonly to: TableLookup;
  readonly fromEnums: ReadonlyMap<string, EnumIR>;
  readonly toEnums: ReadonlyMap<string, EnumIR>;
  /** Old table name -> new, for every kept table. */
  readonly tableNowCalled: ReadonlyMap<string, string>;

  constructor(
    readonly previous: SchemaSnapshot,
    readonly next: SchemaSnapshot,
    readonly changes: readonly SchemaChange[],
    readonly dialect: SqlDialect,
  ) {
    this.fromIR = irOf(previous);
    this.toIR = irOf(next);
    this.from = new TableLookup(this.fromIR);
    this.to = new TableLookup(this.toIR);
    this.fromEnums = new Map(this.fromIR.enums.map((e) => [e.name, e]));
    this.toEnums = new Map(this.toIR.enums.map((e) => [e.name, e]));
    const dropped = new Set(changes.flatMap((c) => (c.kind === "drop-table" ? [c.table.name] : [])));
    const renamed = new Map(changes.flatMap((c) => (c.kind === "rename-table" ? [[c.from, c.to] as const] : [])));
    this.tableNowCalled = new Map(previous.tables.filter((t) => !dropped.has(t.name)).map((t) => [t.name, renamed.get(t.name) ?? t.name]));
  }

  q(name: string): string {
    return this.dialect.quoteIdent(name);
  }

  toTable(name: string): TableIR {
    return this.to.table(name);
  }

  hasToTable(name: string): boolean {
    return this.next.tables.some((t) => t.name === name);
  }

  /** The previous table that is now called `name`. */
  fromTable(name: string): TableIR | undefined {
    for (const [old, now] of this.tableNowCalled) if (now === name) return this.from.table(old);
    return undefined;
  }

  /** The previous column (database name, before any rename) that is now `column` of `table`. */
  previousColumnName(table: string, column: string): string {
    const rename = this.changes.find((c) => c.kind === "rename-column" && c.table === table && c.to === column);
    return rename?.kind === "rename-column" ? rename.from : column;
  }

  columnNames(table: TableIR, fields: readonly string[]): string[] {
    return fields.map((f) => table.columns.find((c) => c.name === f)?.columnName ?? f);
  }

  changesOf(table: string): SchemaChange[] {
    return this.changes.filter((c) => "table" in c && typeof c.table === "string" && c.table === table);
  }
}
