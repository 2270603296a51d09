import type { TableIR } from "@relgen/dsl";
import { columnDefinition, createTable } from "../../migrations/create-table.js";
import { createIndex } from "../../migrations/statements.js";
import type { SchemaChange } from "../changes.js";
import { describeChange } from "../describe.js";
import type { MigrationContext } from "./context.js";
import { type Step, step } from "./steps.js";

/** Changes SQLite's ALTER TABLE carries out itself; every other change to a kept table rebuilds it. */
const IN_PLACE = new Set<SchemaChange["kind"]>([
  "rename-column",
  "add-index",
  "drop-index",
  "rename-index",
  // Constraint names live only in the CREATE TABLE text; SQLite never looks them up.
  "rename-primary-key",
  "rename-unique",
  "rename-foreign-key",
]);

/**
 * SQLite: renames, simple column adds and drops, and indexes are ALTERed in
 * place; anything else rebuilds the table (create `new_<t>` as a fresh
 * database would have it, copy the rows, drop, rename, re-create its
 * indexes). The migrator runs the file with foreign keys off and checks them
 * before COMMIT (the directive the writer puts at the top).
 */
export class SqliteWriter {
  constructor(private readonly ctx: MigrationContext) {}

  private q(name: string): string {
    return this.ctx.q(name);
  }

  /** Tables (next names) that must be rebuilt. */
  rebuilt(): string[] {
    const tables = new Set<string>();
    const created = new Set(this.ctx.changes.flatMap((c) => (c.kind === "create-table" ? [c.table.name] : [])));
    for (const c of this.ctx.changes) {
      if (!("table" in c) || typeof c.table !== "string" || IN_PLACE.has(c.kind)) continue;
      if (c.kind === "add-column" && this.canAdd(c.table, c.column.columnName)) continue;
      if (c.kind === "drop-column" && this.canDrop(c.table, c.column.columnName)) continue;
      tables.add(c.table);
    }
    for (const c of this.ctx.changes) {
      if (c.kind !== "change-enum") continue;
      for (const t of this.ctx.next.tables)
        if (!created.has(t.name) && t.columns.some((col) => col.type.kind === "Enum" && col.type.enumName === c.name)) tables.add(t.name);
    }
    return this.ctx.next.tables.map((t) => t.name).filter((t) => tables.has(t));
  }

  // ADD COLUMN takes neither keys nor an expression default, and NOT NULL needs a default.
  private canAdd(table: string, columnName: string): boolean {
    const column = this.ctx.toTable(table).columns.find((c) => c.columnName === columnName)!;
    const constantDefault = column.default === undefined || column.default.kind === "literal" || column.default.kind === "enum";
    return !column.primaryKey && !column.unique && !column.autoincrement && constantDefault && (column.nullable || column.default !== undefined);
  }

  // DROP COLUMN refuses a column in a key, a unique constraint or a foreign key.
  private canDrop(table: string, columnName: string): boolean {
    const before = this.ctx.fromTable(table);
    if (before === undefined) return false;
    const field = before.columns.find((c) => c.columnName === columnName)?.name ?? "";
    return (
      !before.primaryKey.includes(field) &&
      !before.uniques.some((u) => u.columns.includes(field)) &&
      !before.foreignKeys.some((fk) => fk.columns.includes(field)) &&
      !this.ctx.fromIR.tables.some((t) => t.foreignKeys.some((fk) => fk.targetTable === before.name && fk.targetColumns.includes(field)))
    );
  }

  steps(): Step[] {
    const rebuilt = new Set(this.rebuilt());
    const keep = (c: SchemaChange) => !("table" in c && typeof c.table === "string" && rebuilt.has(c.table));
    const changes = this.ctx.changes;
    const of = <K extends SchemaChange["kind"]>(...kinds: K[]) =>
      changes.filter((c): c is Extract<SchemaChange, { kind: K }> => (kinds as string[]).includes(c.kind));
    const each = <C extends SchemaChange>(list: readonly C[], sql: (c: C) => string[]) =>
      list.map((c) => step(describeChange(c), sql(c))).filter((s) => s.statements.length > 0);
    return [
      ...each(of("rename-table"), (c) => [`ALTER TABLE ${this.q(c.from)} RENAME TO ${this.q(c.to)};`]),
      ...each(of("rename-column"), (c) => [`ALTER TABLE ${this.q(c.table)} RENAME COLUMN ${this.q(c.from)} TO ${this.q(c.to)};`]),
      ...each(of("drop-index", "rename-index").filter(keep), (c) => [
        `DROP INDEX ${this.q(c.kind === "drop-index" ? c.key.name : c.from)};`,
      ]),
      ...each(of("drop-table"), (c) => [`DROP TABLE ${this.q(c.table.name)};`]),
      ...each(of("drop-column").filter(keep), (c) => [`ALTER TABLE ${this.q(c.table)} DROP COLUMN ${this.q(c.column.columnName)};`]),
      ...each(of("add-column").filter(keep), (c) => {
        const table = this.ctx.toTable(c.table);
        const column = table.columns.find((x) => x.columnName === c.column.columnName)!;
        return [`ALTER TABLE ${this.q(c.table)} ADD COLUMN ${columnDefinition(column, table.primaryKeyName, this.ctx.dialect, this.ctx.toEnums)};`];
      }),
      ...of("create-table").map((c) => {
        const table = this.ctx.toTable(c.table.name);
        const view = createTable(table, this.ctx.dialect, this.ctx.to, this.ctx.toEnums);
        return step(`add table ${table.name} (${view.comment})`, [this.tableSql(view), ...this.indexes(table)], view.notes);
      }),
      ...[...rebuilt].map((name) => this.rebuild(name)),
      ...each(of("add-index", "rename-index").filter(keep), (c) => {
        const table = this.ctx.toTable(c.table);
        const name = c.kind === "add-index" ? c.key.name : c.to;
        return [createIndex(table.indexes.find((i) => i.name === name)!, table, this.ctx.dialect, this.ctx.to).sql];
      }),
    ];
  }

  private tableSql(view: ReturnType<typeof createTable>): string {
    return [view.open, ...view.lines.map((l) => `  ${l}`), view.close].join("\n");
  }

  private indexes(table: TableIR): string[] {
    return table.indexes.map((i) => createIndex(i, table, this.ctx.dialect, this.ctx.to).sql);
  }

  private rebuild(name: string): Step {
    const table = this.ctx.toTable(name);
    const before = this.ctx.fromTable(name)!;
    const temp = `new_${name}`;
    const view = createTable(table, this.ctx.dialect, this.ctx.to, this.ctx.toEnums);
    const added = new Set(this.ctx.changes.flatMap((c) => (c.kind === "add-column" && c.table === name ? [c.column.columnName] : [])));
    const copied = table.columns.filter((c) => !added.has(c.columnName));
    const values = copied.map((column) => {
      const old = before.columns.find((c) => c.columnName === this.ctx.previousColumnName(name, column.columnName))!;
      let sql = this.q(column.columnName);
      const type = this.ctx.dialect.columnType(column.type, this.ctx.toEnums);
      if (this.ctx.dialect.columnType(old.type, this.ctx.fromEnums) !== type) sql = `CAST(${sql} AS ${type})`;
      if (old.nullable && !column.nullable && column.default !== undefined) {
        sql = `COALESCE(${sql}, ${this.ctx.dialect.defaultExpr(column.default, column) ?? "NULL"})`;
      }
      return sql;
    });
    const what = this.ctx.changes.filter((c) => "table" in c && c.table === name).map(describeChange);
    const columns = copied.map((c) => this.q(c.columnName)).join(", ");
    return step(
      `rebuild table ${name} (SQLite cannot ALTER this): ${what.join("; ") || "enum members changed"}`,
      [
        this.tableSql({ ...view, open: `CREATE TABLE ${this.q(temp)} (` }),
        `INSERT INTO ${this.q(temp)} (${columns}) SELECT ${values.join(", ")} FROM ${this.q(name)};`,
        `DROP TABLE ${this.q(name)};`,
        `ALTER TABLE ${this.q(temp)} RENAME TO ${this.q(name)};`,
        ...this.indexes(table),
      ],
      view.notes,
    );
  }

  /** True when the file must run with foreign keys off: it rebuilds or drops tables. */
  needsForeignKeysOff(): boolean {
    return this.rebuilt().length > 0 || this.ctx.changes.some((c) => c.kind === "drop-table");
  }
}
