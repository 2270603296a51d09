import type { Connection, Driver } from "../driver/driver.js";
import {
  HISTORY_TABLE,
  type Catalog,
  type CatalogColumn,
  type CatalogForeignKey,
  type MigrationDialect,
} from "./format.js";
import { sortCatalog } from "./catalog.js";
import { normalizeAction, normalizeColumnType } from "./normalize.js";

/**
 * The schema the database has, read from its catalog (never from relgen's own
 * files): SQLite's sqlite_master and pragmas, PostgreSQL's pg_catalog in the
 * current schema, MySQL's information_schema of the current database. The
 * history table is left out. Given a driver, one connection is taken and
 * given back; given a connection, it is used as it is (inside its transaction, if any).
 */
export async function introspect(target: Driver | Connection, dialect: MigrationDialect): Promise<Catalog> {
  if ("acquire" in target) {
    const connection = await target.acquire();
    try {
      return await introspect(connection, dialect);
    } finally {
      connection.release();
    }
  }
  switch (dialect) {
    case "sqlite":
      return sortCatalog(await introspectSqlite(target));
    case "postgres":
      return sortCatalog(await introspectPostgres(target));
    case "mysql":
      return sortCatalog(await introspectMysql(target));
  }
}

interface TableParts {
  columns: CatalogColumn[];
  primaryKey: string[];
  uniques: string[][];
  indexes: string[][];
  foreignKeys: CatalogForeignKey[];
}

const newTable = (): TableParts => ({ columns: [], primaryKey: [], uniques: [], indexes: [], foreignKeys: [] });
export const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
/** A default that is NULL is no default: every engine writes NULL without one. */
const isNullDefault = (expr: string) => /^\(?\s*NULL\b/i.test(expr.trim());

function toCatalog(dialect: MigrationDialect, tables: Map<string, TableParts>, enums: Catalog["enums"] = []): Catalog {
  return { dialect, tables: [...tables].map(([name, parts]) => ({ name, ...parts })), enums };
}

async function introspectSqlite(c: Connection): Promise<Catalog> {
  const tables = new Map<string, TableParts>();
  const rows = await c.query(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ?",
    [HISTORY_TABLE],
  );
  for (const [name, sql] of rows) {
    const table = newTable();
    tables.set(str(name), table);
    // AUTOINCREMENT can only sit on the INTEGER PRIMARY KEY: its column gets its values from SQLite.
    const autoincrement = /\bAUTOINCREMENT\b/i.test(str(sql));
    const columns = await c.query('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)', [name]);
    const pkColumns = columns.filter((col) => Number(col[4]) > 0).sort((a, b) => Number(a[4]) - Number(b[4]));
    table.primaryKey = pkColumns.map((col) => str(col[0]));
    for (const [colName, type, notnull, dflt, pk] of columns) {
      const generated = autoincrement && Number(pk) > 0 && pkColumns.length === 1;
      table.columns.push({
        name: str(colName),
        type: normalizeColumnType("sqlite", str(type)),
        nullable: Number(notnull) === 0,
        hasDefault: generated || (dflt !== null && !isNullDefault(str(dflt))),
      });
    }
    for (const [indexName, unique, origin] of await c.query('SELECT name, "unique", origin FROM pragma_index_list(?)', [
      name,
    ])) {
      if (origin === "pk") continue;
      const parts = await c.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [indexName]);
      const cols = parts.map((p) => (p[0] === null ? "<expression>" : str(p[0])));
      (Number(unique) === 1 ? table.uniques : table.indexes).push(cols);
    }
    const keys = new Map<
      number,
      { target: string; from: string[]; to: (string | null)[]; onDelete: string; onUpdate: string }
    >();
    for (const [id, , target, from, to, onUpdate, onDelete] of await c.query(
      'SELECT id, seq, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq',
      [name],
    )) {
      let key = keys.get(Number(id));
      if (key === undefined)
        keys.set(
          Number(id),
          (key = { target: str(target), from: [], to: [], onDelete: str(onDelete), onUpdate: str(onUpdate) }),
        );
      key.from.push(str(from));
      key.to.push(to === null ? null : str(to));
    }
    for (const key of keys.values()) {
      // A key written without target columns references the target's primary key.
      const targetColumns = key.to.every((t) => t !== null)
        ? (key.to as string[])
        : (await c.query("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", [key.target])).map((r) =>
            str(r[0]),
          );
      table.foreignKeys.push({
        columns: key.from,
        targetTable: key.target,
        targetColumns,
        onDelete: normalizeAction("sqlite", key.onDelete),
        onUpdate: normalizeAction("sqlite", key.onUpdate),
      });
    }
  }
  return toCatalog("sqlite", tables);
}

const PG_ACTIONS: Record<string, string> = {
  a: "no-action",
  r: "restrict",
  c: "cascade",
  n: "set-null",
  d: "set-default",
};
/** The schema read: the search path's first (`?schema=` sets it). Shared with details.ts, so both read the same tables. */
export const PG_SCHEMA = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())";
/** That schema's tables as `pg_class c`, the history table (`$1`) left out. */
export const PG_TABLES = `c.relnamespace = ${PG_SCHEMA} AND c.relkind IN ('r', 'p') AND c.relname <> $1`;

async function introspectPostgres(c: Connection): Promise<Catalog> {
  const tables = new Map<string, TableParts>();
  const table = (name: unknown) => tables.get(str(name))!;
  for (const [name] of await c.query(`SELECT c.relname FROM pg_class c WHERE ${PG_TABLES}`, [HISTORY_TABLE]))
    tables.set(str(name), newTable());
  const columns = await c.query(
    `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, pg_get_expr(d.adbin, d.adrelid), t.typtype, t.typname
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${PG_TABLES} AND a.attnum > 0 AND NOT a.attisdropped`,
    [HISTORY_TABLE],
  );
  for (const [tableName, name, type, notnull, identity, dflt, typtype, typname] of columns) {
    table(tableName).columns.push({
      name: str(name),
      type: typtype === "e" ? str(typname) : normalizeColumnType("postgres", str(type)),
      nullable: notnull !== true,
      hasDefault: str(identity) !== "" || (dflt !== null && !isNullDefault(str(dflt))),
    });
  }
  const indexes = await c.query(
    `SELECT c.relname, i.indisunique, i.indisprimary,
            (SELECT json_agg(a.attname::text ORDER BY k.ord)
               FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE k.ord <= i.indnkeyatts)
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE ${PG_TABLES}`,
    [HISTORY_TABLE],
  );
  for (const [tableName, unique, primary, cols] of indexes) {
    const names = ((cols ?? []) as (string | null)[]).map((n) => n ?? "<expression>");
    const t = table(tableName);
    if (primary === true) t.primaryKey = names;
    else (unique === true ? t.uniques : t.indexes).push(names);
  }
  const keys = await c.query(
    `SELECT c.relname, r.relname, con.confdeltype, con.confupdtype,
            (SELECT json_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
            (SELECT json_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_class r ON r.oid = con.confrelid
      WHERE con.contype = 'f' AND ${PG_TABLES}`,
    [HISTORY_TABLE],
  );
  for (const [tableName, target, onDelete, onUpdate, from, to] of keys) {
    table(tableName).foreignKeys.push({
      columns: (from ?? []) as string[],
      targetTable: str(target),
      targetColumns: (to ?? []) as string[],
      onDelete: PG_ACTIONS[str(onDelete)] ?? str(onDelete),
      onUpdate: PG_ACTIONS[str(onUpdate)] ?? str(onUpdate),
    });
  }
  const enums = new Map<string, string[]>();
  for (const [name, label] of await c.query(
    `SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = ${PG_SCHEMA}
      ORDER BY t.typname, e.enumsortorder`,
    [],
  )) {
    const values = enums.get(str(name)) ?? [];
    values.push(str(label));
    enums.set(str(name), values);
  }
  return toCatalog(
    "postgres",
    tables,
    [...enums].map(([name, values]) => ({ name, values })),
  );
}

async function introspectMysql(c: Connection): Promise<Catalog> {
  const tables = new Map<string, TableParts>();
  const [[database]] = (await c.query("SELECT DATABASE()", [])) as [[unknown]];
  const schema = str(database);
  for (const [name] of await c.query(
    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> ?",
    [schema, HISTORY_TABLE],
  )) {
    tables.set(str(name), newTable());
  }
  const table = (name: unknown) => tables.get(str(name));
  for (const [tableName, name, type, nullable, dflt, extra] of await c.query(
    "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION",
    [schema],
  )) {
    table(tableName)?.columns.push({
      name: str(name),
      type: normalizeColumnType("mysql", str(type)),
      nullable: str(nullable) === "YES",
      // MariaDB reports "no default" on a nullable column as the text NULL.
      hasDefault: /auto_increment/i.test(str(extra)) || (dflt !== null && !isNullDefault(str(dflt))),
    });
  }
  const keys = new Map<
    string,
    CatalogForeignKey & { table: string; name: string; columns: string[]; targetColumns: string[] }
  >();
  for (const [tableName, name, column, target, targetColumn, onDelete, onUpdate] of await c.query(
    `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [schema],
  )) {
    const id = `${str(tableName)}\u0000${str(name)}`;
    let key = keys.get(id);
    if (key === undefined) {
      key = {
        table: str(tableName),
        name: str(name),
        columns: [],
        targetTable: str(target),
        targetColumns: [],
        onDelete: normalizeAction("mysql", str(onDelete)),
        onUpdate: normalizeAction("mysql", str(onUpdate)),
      };
      keys.set(id, key);
    }
    key.columns.push(str(column));
    key.targetColumns.push(str(targetColumn));
  }
  for (const { table: tableName, name: _name, ...key } of keys.values()) table(tableName)?.foreignKeys.push(key);
  const indexes = new Map<string, { table: string; name: string; unique: boolean; columns: string[] }>();
  for (const [tableName, name, nonUnique, column] of await c.query(
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    [schema],
  )) {
    const id = `${str(tableName)}\u0000${str(name)}`;
    let index = indexes.get(id);
    if (index === undefined)
      indexes.set(
        id,
        (index = { table: str(tableName), name: str(name), unique: Number(nonUnique) === 0, columns: [] }),
      );
    index.columns.push(column === null ? "<expression>" : str(column));
  }
  for (const index of indexes.values()) {
    const t = table(index.table);
    if (t === undefined) continue;
    if (index.name === "PRIMARY") {
      t.primaryKey = index.columns;
      continue;
    }
    // InnoDB adds an index named after a foreign key when no index starts with its columns: the engine's, not the schema's.
    const implicit = keys.get(`${index.table}\u0000${index.name}`);
    if (implicit !== undefined && !index.unique && implicit.columns.join("\u0000") === index.columns.join("\u0000"))
      continue;
    (index.unique ? t.uniques : t.indexes).push(index.columns);
  }
  return toCatalog("mysql", tables);
}
