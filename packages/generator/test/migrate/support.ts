import Database from "better-sqlite3";
import { compileSource, type ColumnIR, type SchemaIR, type TableIR } from "@relgen/dsl";
import { FOREIGN_KEYS_OFF_DIRECTIVE, IRREVERSIBLE_DIRECTIVE } from "@relgen/runtime/migrate";
import { generate } from "../../src/index.js";
import type { Dialect } from "../../src/contract.js";
import { fileContents } from "../support/generated.js";

/** Compiles an inline schema; a test schema with errors is a broken test, so say which. */
export function compile(source: string): SchemaIR {
  const result = compileSource(source);
  if (result.ir === undefined) {
    throw new Error(`test schema does not compile:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  }
  return result.ir;
}

/**
 * The IR with `@@renamedFrom` / `@renamedFrom` set, as the resolver sets them
 * from the attributes (written here so these tests do not depend on the parser's
 * support for them).
 */
export function withRenames(
  ir: SchemaIR,
  renames: { readonly tables?: Record<string, string>; readonly columns?: Record<string, Record<string, string>> },
): SchemaIR {
  const table = (t: TableIR): TableIR => ({
    ...t,
    ...(renames.tables?.[t.name] === undefined ? {} : { renamedFrom: renames.tables[t.name] }),
    columns: t.columns.map(
      (c): ColumnIR => (renames.columns?.[t.name]?.[c.name] === undefined ? c : { ...c, renamedFrom: renames.columns[t.name]![c.name]! }),
    ),
  });
  return { ...ir, tables: ir.tables.map(table) };
}

export async function initSql(ir: SchemaIR, dialect: Dialect): Promise<{ up: string; down: string }> {
  const files = await generate(ir, { dialects: [dialect] });
  return { up: fileContents(files, `${dialect}/0001_init.sql`), down: fileContents(files, `${dialect}/0001_init.down.sql`) };
}

/**
 * Runs a migration file on SQLite the way the migrator does: one transaction;
 * with the foreign-keys-off directive, keys off before BEGIN and
 * `PRAGMA foreign_key_check` before COMMIT (a row there rolls back).
 */
export function runSqlite(db: Database.Database, sql: string): void {
  if (sql.includes(`\n${IRREVERSIBLE_DIRECTIVE}`)) throw new Error("irreversible migration");
  const keysOff = sql.split("\n").some((l) => l === FOREIGN_KEYS_OFF_DIRECTIVE);
  if (keysOff) db.pragma("foreign_keys = OFF");
  try {
    db.exec("BEGIN");
    try {
      db.exec(sql);
      const broken = db.pragma("foreign_key_check") as unknown[];
      if (broken.length > 0) throw new Error(`foreign_key_check: ${JSON.stringify(broken)}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  } finally {
    if (keysOff) db.pragma("foreign_keys = ON");
  }
}

/** Statements of a generated file: they end with `;` at a line end, and comments are whole lines. */
export function statements(sql: string): string[] {
  const body = sql
    .split("\n")
    .filter((l) => !l.startsWith("--"))
    .join("\n");
  return body
    .split(/;\n/)
    .map((s) => s.trim().replace(/;$/, ""))
    .filter((s) => s !== "");
}
