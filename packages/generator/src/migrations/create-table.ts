import type { ColumnIR, EnumIR, TableIR } from "@relgen/dsl";
import type { SqlDialect } from "../dialects/dialect.js";
import { foreignKeyClause, keyList } from "./statements.js";
import type { TableLookup } from "./table-lookup.js";

/** A CREATE TABLE laid out for the template: one definition per line, commas already placed. */
export interface CreateTableView {
  readonly comment: string;
  readonly notes: readonly string[];
  readonly open: string;
  readonly lines: readonly string[];
  readonly close: string;
}

export function createTable(
  table: TableIR,
  dialect: SqlDialect,
  lookup: TableLookup,
  enums: ReadonlyMap<string, EnumIR>,
): CreateTableView {
  const q = (n: string) => dialect.quoteIdent(n);
  const inlinePk = dialect.autoincrementIsInlinePrimaryKey() && table.columns.some((c) => c.autoincrement);
  const notes: string[] = [];
  const columns = alignColumns(table.columns.map((c) => columnParts(c, table.primaryKeyName, dialect, enums)));

  const constraints: string[] = [];
  if (!inlinePk && table.primaryKey.length > 0) {
    const keys = keyList(lookup.columns(table, table.primaryKey).map((c) => dialect.keyPart(c)));
    constraints.push(`CONSTRAINT ${q(table.primaryKeyName)} PRIMARY KEY ${keys.sql}`);
    notes.push(...keys.notes);
  }
  for (const unique of table.uniques) {
    const keys = keyList(lookup.columns(table, unique.columns).map((c) => dialect.keyPart(c)));
    constraints.push(`CONSTRAINT ${q(unique.name)} UNIQUE ${keys.sql}`);
    notes.push(...keys.notes);
  }
  for (const fk of table.foreignKeys) {
    if (fk.deferred && dialect.canAddForeignKeyLater) continue;
    const clause = foreignKeyClause(fk, table, dialect, lookup);
    constraints.push(clause.sql);
    notes.push(...clause.notes);
  }

  const definitions = [...columns, ...constraints];
  return {
    comment: tableComment(table),
    notes: [...new Set(notes)],
    open: `CREATE TABLE ${q(table.name)} (`,
    lines: definitions.map((d, i) => (i < definitions.length - 1 ? `${d},` : d)),
    close: `)${dialect.tableOptions()};`,
  };
}

interface ColumnParts {
  readonly name: string;
  readonly type: string;
  readonly rest: string;
}

/** `"nickname" text NOT NULL DEFAULT 'x'`: one column as CREATE TABLE and ALTER TABLE ... ADD COLUMN write it. */
export function columnDefinition(
  column: ColumnIR,
  primaryKeyName: string,
  dialect: SqlDialect,
  enums: ReadonlyMap<string, EnumIR>,
): string {
  const p = columnParts(column, primaryKeyName, dialect, enums);
  return [p.name, p.type, p.rest].filter((x) => x !== "").join(" ");
}

function columnParts(
  column: ColumnIR,
  primaryKeyName: string,
  dialect: SqlDialect,
  enums: ReadonlyMap<string, EnumIR>,
): ColumnParts {
  const rest: string[] = [];
  if (!column.nullable) rest.push("NOT NULL");
  const defaultSql = column.default === undefined ? undefined : dialect.defaultExpr(column.default, column);
  if (defaultSql !== undefined) rest.push(`DEFAULT ${defaultSql}`);
  if (column.autoincrement) rest.push(dialect.autoincrementClause(column, primaryKeyName));
  const check = dialect.columnCheck(column, enums);
  if (check !== undefined) rest.push(check);
  return {
    name: dialect.quoteIdent(column.columnName),
    type: dialect.columnType(column.type, enums),
    rest: rest.join(" "),
  };
}

/** Names and types in aligned columns, so a table reads like a table. */
function alignColumns(parts: readonly ColumnParts[]): string[] {
  const nameWidth = Math.max(0, ...parts.map((p) => p.name.length));
  const typeWidth = Math.max(0, ...parts.map((p) => p.type.length));
  return parts.map((p) =>
    (p.rest === ""
      ? `${p.name.padEnd(nameWidth)} ${p.type}`
      : `${p.name.padEnd(nameWidth)} ${p.type.padEnd(typeWidth)} ${p.rest}`
    ).trimEnd(),
  );
}

/** `Entity User: A person who writes posts.` (the doc's first line, when there is one). */
function tableComment(table: TableIR): string {
  const what = table.entity === undefined ? `Association table ${table.name}` : `Entity ${table.entity}`;
  const doc = table.doc?.split("\n")[0]?.trim();
  return doc ? `${what}: ${doc}` : what;
}
