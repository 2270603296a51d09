import type { Connection, Driver } from "../driver/driver.js";
import { byText } from "./catalog.js";
import { HISTORY_TABLE, type MigrationDialect } from "./format.js";
import { PG_SCHEMA, PG_TABLES, str } from "./introspect.js";

/**
 * What `relgen pull` needs beyond the {@link Catalog} the migrator compares:
 * columns in declared order with their default expressions, and everything a
 * `.rel` schema cannot say (views, triggers, check constraints, partial or
 * expression indexes), so pull can list it instead of dropping it. Read from
 * the same catalog tables as `introspect`; the history table is left out.
 */
export interface CatalogDetails {
  /** Sorted by name. */
  readonly tables: readonly TableDetails[];
  /** View names, sorted. */
  readonly views: readonly string[];
  /** Sorted by table, then name. */
  readonly triggers: readonly { readonly table: string; readonly name: string }[];
}

export interface TableDetails {
  readonly name: string;
  /** PostgreSQL `COMMENT ON TABLE`, MySQL's table COMMENT; null when there is none (SQLite has none). */
  readonly comment: string | null;
  /** In the table's column order. */
  readonly columns: readonly ColumnDetails[];
  /** Check constraints as their SQL text (`CHECK (...)` body), in the catalog's order. */
  readonly checks: readonly string[];
  /** Indexes relgen cannot declare (partial, or on an expression). */
  readonly unsupportedIndexes: readonly UnsupportedIndex[];
}

export interface UnsupportedIndex {
  readonly name: string;
  readonly sql: string;
  /** As the catalog lists them (`<expression>` for an expression), so the index can be told apart there. */
  readonly columns: readonly string[];
  /** A UNIQUE index: the catalog lists it among the uniques, not the indexes. */
  readonly unique: boolean;
}

export interface ColumnDetails {
  readonly name: string;
  /** The default as the engine prints it (`now()`, `'Pending'::"OrderStatus"`), null when there is none. */
  readonly default: string | null;
  /** Filled by the engine: SQLite AUTOINCREMENT, PostgreSQL identity or serial, MySQL AUTO_INCREMENT. */
  readonly autoincrement: boolean;
  /** MySQL's EXTRA says a default is an expression (MySQL 8 prints literals unquoted). */
  readonly expressionDefault: boolean;
  /** PostgreSQL `COMMENT ON COLUMN`, MySQL's column COMMENT; null when there is none. */
  readonly comment: string | null;
}

export async function introspectDetails(target: Driver | Connection, dialect: MigrationDialect): Promise<CatalogDetails> {
  if ("acquire" in target) {
    const connection = await target.acquire();
    try {
      return await introspectDetails(connection, dialect);
    } finally {
      connection.release();
    }
  }
  const read = { sqlite: sqliteDetails, postgres: postgresDetails, mysql: mysqlDetails }[dialect];
  const details = await read(target);
  return {
    tables: [...details.tables].sort((a, b) => byText(a.name, b.name)),
    views: [...details.views].sort(byText),
    triggers: [...details.triggers].sort((a, b) => byText(a.table, b.table) || byText(a.name, b.name)),
  };
}

interface MutableTable {
  name: string;
  comment: string | null;
  columns: ColumnDetails[];
  checks: string[];
  unsupportedIndexes: UnsupportedIndex[];
}

/** MySQL reports "" for a table or column without a comment: no comment either way. */
const commentOf = (v: unknown): string | null => (v === null || v === undefined || String(v).trim() === "" ? null : String(v));
const tableOf = (tables: Map<string, MutableTable>, name: unknown): MutableTable => {
  let t = tables.get(str(name));
  if (t === undefined) tables.set(str(name), (t = { name: str(name), comment: null, columns: [], checks: [], unsupportedIndexes: [] }));
  return t;
};

async function sqliteDetails(c: Connection): Promise<CatalogDetails> {
  const tables = new Map<string, MutableTable>();
  const objects = await c.query(
    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ? ORDER BY name",
    [HISTORY_TABLE],
  );
  const views = objects.filter((o) => o[0] === "view").map((o) => str(o[1]));
  const triggers = objects.filter((o) => o[0] === "trigger").map((o) => ({ table: str(o[2]), name: str(o[1]) }));
  const indexSql = new Map(objects.filter((o) => o[0] === "index").map((o) => [str(o[1]), str(o[3])]));
  for (const [type, name, , sql] of objects) {
    if (type !== "table") continue;
    const table = tableOf(tables, name);
    const autoincrement = /\bAUTOINCREMENT\b/i.test(str(sql));
    const columns = await c.query('SELECT name, dflt_value, pk FROM pragma_table_info(?) ORDER BY cid', [name]);
    const keyColumns = columns.filter((col) => Number(col[2]) > 0).length;
    for (const [colName, dflt, pk] of columns) {
      table.columns.push({
        name: str(colName),
        default: dflt === null ? null : str(dflt),
        autoincrement: autoincrement && Number(pk) > 0 && keyColumns === 1,
        expressionDefault: false,
        comment: null,
      });
    }
    table.checks.push(...sqliteChecks(str(sql)));
    for (const [indexName, unique, partial] of await c.query('SELECT name, "unique", partial FROM pragma_index_list(?)', [name])) {
      const parts = await c.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [indexName]);
      if (Number(partial) !== 1 && parts.every((p) => p[0] !== null)) continue;
      const columns = parts.map((p) => (p[0] === null ? "<expression>" : str(p[0])));
      table.unsupportedIndexes.push({ name: str(indexName), sql: indexSql.get(str(indexName)) ?? "", columns, unique: Number(unique) === 1 });
    }
  }
  return { tables: [...tables.values()], views, triggers };
}

/** SQLite keeps no catalog of checks: they are read from the CREATE TABLE text, each `CHECK (` to its matching `)`. */
export function sqliteChecks(sql: string): string[] {
  const checks: string[] = [];
  const pattern = /\bCHECK\s*\(/gi;
  for (let match = pattern.exec(sql); match !== null; match = pattern.exec(sql)) {
    let depth = 1;
    let i = match.index + match[0].length;
    let quote: string | undefined;
    for (; i < sql.length && depth > 0; i++) {
      const ch = sql[i]!;
      if (quote !== undefined) {
        if (ch === quote) quote = undefined;
      } else if (ch === "'" || ch === '"' || ch === "`") quote = ch;
      else if (ch === "(") depth++;
      else if (ch === ")") depth--;
    }
    checks.push(sql.slice(match.index + match[0].length, i - 1).trim());
    pattern.lastIndex = i;
  }
  return checks;
}

async function postgresDetails(c: Connection): Promise<CatalogDetails> {
  const tables = new Map<string, MutableTable>();
  for (const [tableName, name, dflt, identity, comment, tableComment] of await c.query(
    `SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid), a.attidentity, col_description(c.oid, a.attnum), obj_description(c.oid, 'pg_class')
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${PG_TABLES} AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [HISTORY_TABLE],
  )) {
    const expr = dflt === null ? null : str(dflt);
    const table = tableOf(tables, tableName);
    table.comment = commentOf(tableComment);
    table.columns.push({
      name: str(name),
      default: str(identity) !== "" ? null : expr,
      // serial is a sequence default; relgen writes identity, and both fill the key.
      autoincrement: str(identity) !== "" || (expr !== null && /^nextval\(/i.test(expr)),
      expressionDefault: false,
      comment: commentOf(comment),
    });
  }
  for (const [tableName, definition] of await c.query(
    `SELECT c.relname, pg_get_constraintdef(con.oid)
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
      WHERE con.contype = 'c' AND ${PG_TABLES}
      ORDER BY c.relname, con.conname`,
    [HISTORY_TABLE],
  )) {
    tableOf(tables, tableName).checks.push(str(definition).replace(/^CHECK\s*\(([\s\S]*)\)$/i, "$1").trim());
  }
  for (const [tableName, indexName, definition, columns, unique] of await c.query(
    `SELECT c.relname, ic.relname, pg_get_indexdef(i.indexrelid),
            (SELECT json_agg(a.attname::text ORDER BY k.ord)
               FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE k.ord <= i.indnkeyatts),
            i.indisunique
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE ${PG_TABLES} AND (i.indpred IS NOT NULL OR i.indexprs IS NOT NULL)
      ORDER BY c.relname, ic.relname`,
    [HISTORY_TABLE],
  )) {
    tableOf(tables, tableName).unsupportedIndexes.push({
      name: str(indexName),
      // pg_get_indexdef qualifies the table with its schema; the schema is the one being read, so it says nothing.
      sql: str(definition).replace(/ ON (?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\./, " ON "),
      columns: ((columns ?? []) as (string | null)[]).map((n) => n ?? "<expression>"),
      unique: unique === true,
    });
  }
  const views = await c.query(
    `SELECT c.relname FROM pg_class c WHERE c.relnamespace = ${PG_SCHEMA} AND c.relkind IN ('v', 'm') ORDER BY c.relname`,
    [],
  );
  const triggers = await c.query(
    `SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = ${PG_SCHEMA} ORDER BY c.relname, t.tgname`,
    [],
  );
  return {
    tables: [...tables.values()],
    views: views.map((v) => str(v[0])),
    triggers: triggers.map(([table, name]) => ({ table: str(table), name: str(name) })),
  };
}

async function mysqlDetails(c: Connection): Promise<CatalogDetails> {
  const tables = new Map<string, MutableTable>();
  const [[database]] = (await c.query("SELECT DATABASE()", [])) as [[unknown]];
  const schema = str(database);
  const baseTables = new Set<string>();
  for (const [name, comment] of await c.query(
    "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> ?",
    [schema, HISTORY_TABLE],
  )) {
    baseTables.add(str(name));
    tableOf(tables, name).comment = commentOf(comment);
  }
  for (const [tableName, name, dflt, extra, comment] of await c.query(
    "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION",
    [schema],
  )) {
    if (!baseTables.has(str(tableName))) continue;
    tableOf(tables, tableName).columns.push({
      name: str(name),
      default: dflt === null ? null : str(dflt),
      autoincrement: /auto_increment/i.test(str(extra)),
      expressionDefault: /DEFAULT_GENERATED/i.test(str(extra)),
      comment: commentOf(comment),
    });
  }
  for (const [tableName, clause] of await mysqlChecks(c, schema)) {
    // MariaDB adds json_valid(col) to every JSON column itself: the type says it, not the schema.
    if (baseTables.has(str(tableName)) && !/^json_valid\(`[^`]+`\)$/i.test(str(clause)))
      tableOf(tables, tableName).checks.push(str(clause));
  }
  // MySQL 8's functional indexes list no column; MariaDB has none.
  for (const [tableName, indexName, nonUnique] of await c.query(
    "SELECT DISTINCT TABLE_NAME, INDEX_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND COLUMN_NAME IS NULL ORDER BY TABLE_NAME, INDEX_NAME",
    [schema],
  )) {
    if (baseTables.has(str(tableName)))
      tableOf(tables, tableName).unsupportedIndexes.push({
        name: str(indexName),
        sql: "a functional index",
        columns: ["<expression>"],
        unique: Number(nonUnique) === 0,
      });
  }
  const views = await c.query(
    "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
    [schema],
  );
  const triggers = await c.query(
    "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME",
    [schema],
  );
  return {
    tables: [...tables.values()],
    views: views.map((v) => str(v[0])),
    triggers: triggers.map(([table, name]) => ({ table: str(table), name: str(name) })),
  };
}

/** MariaDB's CHECK_CONSTRAINTS names the table; MySQL 8's does not, so there the constraint is found through TABLE_CONSTRAINTS. */
async function mysqlChecks(c: Connection, schema: string): Promise<unknown[][]> {
  try {
    return await c.query(
      "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME",
      [schema],
    );
  } catch {
    return await c.query(
      `SELECT tc.TABLE_NAME, cc.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS tc
         JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
        WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.TABLE_SCHEMA = ? ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME`,
      [schema],
    );
  }
}
