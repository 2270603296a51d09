import type { ColumnIR, ForeignKeyIR, TableIR } from "@relgen/dsl";
import { columnDefinition, createTable } from "../../migrations/create-table.js";
import { createIndex, foreignKeyClause, keyList } from "../../migrations/statements.js";
import type { NamedKey, SchemaChange } from "../changes.js";
import { describeChange } from "../describe.js";
import { type MigrationContext, NO_SPAN } from "./context.js";
import { type Step, step } from "./steps.js";

type Of<K extends SchemaChange["kind"]> = Extract<SchemaChange, { kind: K }>;

/**
 * PostgreSQL and MySQL run a migration as ALTER statements in a fixed order
 * of phases, so every statement finds what it needs: renames first (later
 * statements use the new names), then foreign keys and keys are dropped
 * before the tables and columns they use, enum types exist before columns
 * use them, referenced tables are created before keys point at them, and
 * foreign keys are added last, once their columns, targets and indexes exist.
 * Each engine overrides the statements of single changes.
 */
export abstract class ServerWriter {
  constructor(protected readonly ctx: MigrationContext) {}

  protected q(name: string): string {
    return this.ctx.q(name);
  }

  steps(): Step[] {
    const changes = this.ctx.changes;
    const of = <K extends SchemaChange["kind"]>(...kinds: K[]) => changes.filter((c): c is Of<K> => (kinds as string[]).includes(c.kind));
    const each = <C extends SchemaChange>(list: readonly C[], sql: (c: C) => string[]) =>
      list.map((c) => step(describeChange(c), sql(c))).filter((s) => s.statements.length > 0);
    const created = of("create-table");
    return [
      ...each(of("rename-table"), (c) => this.renameTable(c.from, c.to)),
      ...each(of("rename-column"), (c) => [`ALTER TABLE ${this.q(c.table)} RENAME COLUMN ${this.q(c.from)} TO ${this.q(c.to)};`]),
      ...this.extraDrops(),
      ...each(of("drop-foreign-key"), (c) => [this.ctx.dialect.dropForeignKey(c.table, c.foreignKey.name)]),
      ...each(
        of("drop-table").flatMap((c) => c.table.foreignKeys.filter((fk) => fk.deferred).map((fk) => ({ ...c, fk }))),
        (c) => [this.ctx.dialect.dropForeignKey(c.table.name, c.fk.name)],
      ),
      ...each(of("drop-index"), (c) => [this.dropIndex(c.table, c.key.name)]),
      ...each(of("drop-unique"), (c) => [this.dropUnique(c.table, c.key.name)]),
      ...each(of("drop-primary-key"), (c) => this.dropPrimaryKey(c.table, c.key.name)),
      ...each(of("rename-primary-key", "rename-unique", "rename-index", "rename-foreign-key"), (c) => this.renameKey(c)),
      ...each(of("drop-table"), (c) => [this.ctx.dialect.dropTable(c.table.name)]),
      ...each(of("drop-column"), (c) => [`ALTER TABLE ${this.q(c.table)} DROP COLUMN ${this.q(c.column.columnName)};`]),
      ...each(of("create-enum"), (c) => this.ctx.dialect.createEnumTypes([{ ...c.enum, span: NO_SPAN }])),
      ...each(of("change-enum"), (c) => this.changeEnum(c)),
      ...each(of("alter-column"), (c) => this.alterColumn(c.table, this.column(c.table, c.after.columnName), c)),
      ...each(of("add-column"), (c) => this.addColumn(c.table, c.column.columnName)),
      ...created.map((c) => this.createTable(c.table.name)),
      ...each(of("add-primary-key"), (c) => this.addPrimaryKey(c.table, c.key)),
      ...each(of("add-unique"), (c) => [this.addUnique(c.table, c.key)]),
      ...each(of("add-index"), (c) => [this.index(c.table, c.key.name)]),
      ...created.flatMap((c) => {
        const table = this.ctx.toTable(c.table.name);
        return table.foreignKeys.filter((fk) => fk.deferred).map((fk) => this.foreignKeyStep(table, fk, "add deferred foreign key"));
      }),
      ...of("add-foreign-key").map((c) => {
        const table = this.ctx.toTable(c.table);
        return this.foreignKeyStep(table, this.foreignKey(table, c.foreignKey.name), describeChange(c));
      }),
      ...this.extraAdds(),
      ...each(of("drop-enum"), (c) => this.ctx.dialect.dropEnumTypes([{ ...c.enum, span: NO_SPAN }])),
    ];
  }

  protected abstract renameTable(from: string, to: string): string[];
  protected abstract dropIndex(table: string, name: string): string;
  protected abstract dropUnique(table: string, name: string): string;
  protected abstract dropPrimaryKey(table: string, name: string): string[];
  protected abstract renameKey(change: Of<"rename-primary-key" | "rename-unique" | "rename-index" | "rename-foreign-key">): string[];
  protected abstract changeEnum(change: Of<"change-enum">): string[];
  protected abstract alterColumn(table: string, column: ColumnIR, change: Of<"alter-column">): string[];

  /** Statements before the first drop (MySQL drops keys that stand in an index's way). */
  protected extraDrops(): Step[] {
    return [];
  }

  /** Statements after the foreign keys are added. */
  protected extraAdds(): Step[] {
    return [];
  }

  protected column(table: string, columnName: string): ColumnIR {
    const column = this.ctx.toTable(table).columns.find((c) => c.columnName === columnName);
    if (column === undefined) throw new Error(`relgen internal error: ${table}.${columnName} is not in the next snapshot`);
    return column;
  }

  protected definition(table: string, columnName: string): string {
    const t = this.ctx.toTable(table);
    return columnDefinition(this.column(table, columnName), t.primaryKeyName, this.ctx.dialect, this.ctx.toEnums);
  }

  protected keyColumns(table: TableIR, fields: readonly string[]): string {
    return keyList(this.ctx.to.columns(table, fields).map((c) => this.ctx.dialect.keyPart(c))).sql;
  }

  protected addColumn(table: string, columnName: string): string[] {
    return [`ALTER TABLE ${this.q(table)} ADD COLUMN ${this.definition(table, columnName)};`];
  }

  protected addPrimaryKey(tableName: string, key: NamedKey): string[] {
    const table = this.ctx.toTable(tableName);
    return [`ALTER TABLE ${this.q(tableName)} ADD CONSTRAINT ${this.q(key.name)} PRIMARY KEY ${this.keyColumns(table, key.columns)};`];
  }

  protected addUnique(tableName: string, key: NamedKey): string {
    const table = this.ctx.toTable(tableName);
    return `ALTER TABLE ${this.q(tableName)} ADD CONSTRAINT ${this.q(key.name)} UNIQUE ${this.keyColumns(table, key.columns)};`;
  }

  protected index(tableName: string, name: string): string {
    const table = this.ctx.toTable(tableName);
    const index = table.indexes.find((i) => i.name === name);
    if (index === undefined) throw new Error(`relgen internal error: index ${name} is not in the next snapshot`);
    return createIndex(index, table, this.ctx.dialect, this.ctx.to).sql;
  }

  protected foreignKey(table: TableIR, name: string): ForeignKeyIR {
    const fk = table.foreignKeys.find((f) => f.name === name);
    if (fk === undefined) throw new Error(`relgen internal error: foreign key ${name} is not in the next snapshot`);
    return fk;
  }

  protected foreignKeyStep(table: TableIR, fk: ForeignKeyIR, comment: string): Step {
    const clause = foreignKeyClause(fk, table, this.ctx.dialect, this.ctx.to);
    return step(comment, [`ALTER TABLE ${this.q(table.name)} ADD ${clause.sql};`], clause.notes);
  }

  private createTable(name: string): Step {
    const table = this.ctx.toTable(name);
    const view = createTable(table, this.ctx.dialect, this.ctx.to, this.ctx.toEnums);
    const indexes = table.indexes.map((i) => createIndex(i, table, this.ctx.dialect, this.ctx.to));
    const sql = [view.open, ...view.lines.map((l) => `  ${l}`), view.close].join("\n");
    return step(`add table ${name} (${view.comment})`, [sql, ...indexes.map((i) => i.sql)], view.notes);
  }

  /** The SQL of a default for UPDATE ... SET (backfilling NULLs before NOT NULL). */
  protected defaultSql(column: ColumnIR): string | undefined {
    return column.default === undefined ? undefined : this.ctx.dialect.defaultExpr(column.default, column);
  }

  protected backfill(table: string, column: ColumnIR): string[] {
    const value = this.defaultSql(column);
    if (value === undefined) return [];
    const c = this.q(column.columnName);
    return [`UPDATE ${this.q(table)} SET ${c} = ${value} WHERE ${c} IS NULL;`];
  }
}
