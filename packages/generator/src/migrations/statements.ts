import type { EnumIR, ForeignKeyIR, IndexIR, TableIR } from "@relgen/dsl";
import type { KeyPart, SqlDialect } from "../dialects/dialect.js";
import type { TableLookup } from "./table-lookup.js";

/** A statement with the comment lines printed above it. */
export interface Statement {
  readonly notes: readonly string[];
  readonly sql: string;
}

/** `("a", "b")` plus any notes the engine needs about how a column is indexed. */
export function keyList(parts: readonly KeyPart[]): { sql: string; notes: string[] } {
  return {
    sql: `(${parts.map((p) => p.sql).join(", ")})`,
    notes: parts.flatMap((p) => (p.note === undefined ? [] : [p.note])),
  };
}

/** `FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE` */
export function foreignKeyClause(
  fk: ForeignKeyIR,
  table: TableIR,
  dialect: SqlDialect,
  lookup: TableLookup,
): { sql: string; notes: string[] } {
  const q = (n: string) => dialect.quoteIdent(n);
  const target = lookup.table(fk.targetTable);
  const local = lookup.columns(table, fk.columns).map((c) => q(c.columnName));
  const remote = lookup.columns(target, fk.targetColumns).map((c) => q(c.columnName));
  let sql = `CONSTRAINT ${q(fk.name)} FOREIGN KEY (${local.join(", ")}) REFERENCES ${q(target.name)} (${remote.join(", ")})`;
  const notes: string[] = [];
  for (const [word, action] of [
    ["ON DELETE", fk.onDelete],
    ["ON UPDATE", fk.onUpdate],
  ] as const) {
    if (action === undefined) continue;
    sql += ` ${word} ${dialect.referentialAction(action)}`;
    const note = dialect.referentialActionNote(action);
    if (note !== undefined && !notes.includes(note)) notes.push(note);
  }
  return { sql, notes };
}

export function createIndex(index: IndexIR, table: TableIR, dialect: SqlDialect, lookup: TableLookup): Statement {
  const keys = keyList(lookup.columns(table, index.columns).map((c) => dialect.keyPart(c)));
  const why = index.origin === "foreign-key" ? ["Index for the foreign key (joins and cascades read it)."] : [];
  return {
    notes: [...why, ...keys.notes],
    sql: `CREATE INDEX ${dialect.quoteIdent(index.name)} ON ${dialect.quoteIdent(table.name)} ${keys.sql};`,
  };
}

export function addForeignKey(fk: ForeignKeyIR, table: TableIR, dialect: SqlDialect, lookup: TableLookup): Statement {
  const clause = foreignKeyClause(fk, table, dialect, lookup);
  return {
    notes: ["Deferred: the tables reference each other, so this key is added once both exist.", ...clause.notes],
    sql: `ALTER TABLE ${dialect.quoteIdent(table.name)} ADD ${clause.sql};`,
  };
}

export function enumStatements(enums: readonly EnumIR[], dialect: SqlDialect): { up: string[]; down: string[] } {
  return { up: dialect.createEnumTypes(enums), down: dialect.dropEnumTypes(enums) };
}
