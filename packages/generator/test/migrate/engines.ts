import Database from "better-sqlite3";
import {
  type CaseDb,
  type Engine,
  type EngineStatus,
  failMessage,
  probeEngines,
  skipMessage,
} from "../../../../fixtures/test/support/databases.js";
import { runSqlite } from "./support.js";

export type { CaseDb, Engine, EngineStatus };
export { failMessage, probeEngines, skipMessage };

/**
 * A place to run one case: the shared engine adapters for the servers, and
 * for SQLite an in-memory database whose scripts run the way the migrator
 * runs them (directives honoured, one transaction).
 */
export async function openCase(engine: Engine, name: string): Promise<CaseDb> {
  if (engine.dialect !== "sqlite") return engine.open(name);
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  return {
    async execScript(sql) {
      runSqlite(db, sql);
    },
    async run(sql, params = []) {
      db.prepare(sql).run(...params);
    },
    async all(sql, params = []) {
      return db.prepare(sql).all(...params) as Record<string, unknown>[];
    },
    async tables() {
      const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
      return (rows as { name: string }[]).map((r) => r.name);
    },
    async enumTypes() {
      return [];
    },
    async close() {
      db.close();
    },
  };
}

/**
 * The schema as the engine's catalog describes it, as sorted lines: columns
 * (type, nullability, default), keys, indexes and foreign keys with their
 * actions. Read from the database, never from our files, so that "the same
 * schema" means the engine agrees.
 */
export async function fingerprint(engine: Engine, db: CaseDb): Promise<string[]> {
  const lines: string[] = [];
  const add = (rows: Record<string, unknown>[], prefix: string) =>
    lines.push(...rows.map((r) => `${prefix} ${Object.values(r).map((v) => String(v)).join(" | ")}`));
  if (engine.dialect === "sqlite") {
    for (const table of await db.tables()) {
      add(await db.all(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`, [table]), `${table} column`);
      for (const index of await db.all(`SELECT name, "unique", origin FROM pragma_index_list(?)`, [table])) {
        const cols = await db.all(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, [index.name]);
        // Automatic indexes (sqlite_autoindex_<table>_<n>) are numbered by position in the table text.
        const name = String(index.name).startsWith("sqlite_autoindex") ? "auto" : index.name;
        lines.push(`${table} index ${name} ${index.unique} ${index.origin} (${cols.map((c) => c.name).join(",")})`);
      }
      add(await db.all(`SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?)`, [table]), `${table} fk`);
      // Enum CHECKs live only in the table's text (whose layout differs after ALTER): compare the clauses.
      const [{ sql }] = (await db.all(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [table])) as [{ sql: string }];
      lines.push(...checkClauses(sql).map((c) => `${table} check ${c}`));
    }
  } else if (engine.dialect === "postgres") {
    add(
      await db.all(
        `SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default, is_identity
         FROM information_schema.columns WHERE table_schema = current_schema()`,
      ),
      "column",
    );
    add(
      await db.all(
        `SELECT c.conrelid::regclass::text AS t, c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
         JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema()`,
      ),
      "constraint",
    );
    add(await db.all(`SELECT tablename, indexname, regexp_replace(indexdef, ' ON [^ ]+\\.', ' ON ') AS def FROM pg_indexes WHERE schemaname = current_schema()`), "index");
    add(
      await db.all(
        `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
         JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() GROUP BY t.typname`,
      ),
      "enum",
    );
  } else {
    add(
      await db.all(
        `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`,
      ),
      "column",
    );
    add(
      await db.all(
        `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols FROM information_schema.STATISTICS
         WHERE TABLE_SCHEMA = DATABASE() GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE`,
      ),
      "index",
    );
    add(
      await db.all(
        `SELECT r.TABLE_NAME, r.CONSTRAINT_NAME, r.REFERENCED_TABLE_NAME, r.DELETE_RULE, r.UPDATE_RULE,
           (SELECT GROUP_CONCAT(k.COLUMN_NAME, '>', k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION) FROM information_schema.KEY_COLUMN_USAGE k
            WHERE k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME AND k.TABLE_NAME = r.TABLE_NAME) AS cols
         FROM information_schema.REFERENTIAL_CONSTRAINTS r WHERE r.CONSTRAINT_SCHEMA = DATABASE()`,
      ),
      "fk",
    );
  }
  return lines.sort();
}

/** Every `CHECK (...)` of a CREATE TABLE text, parentheses balanced (quotes in the schema's names and values never hold one). */
function checkClauses(sql: string): string[] {
  const found: string[] = [];
  for (let i = sql.indexOf("CHECK ("); i >= 0; i = sql.indexOf("CHECK (", i + 1)) {
    let depth = 0;
    let j = i + "CHECK ".length;
    for (; j < sql.length; j++) {
      if (sql[j] === "(") depth++;
      if (sql[j] === ")" && --depth === 0) break;
    }
    found.push(sql.slice(i, j + 1));
  }
  return found;
}
