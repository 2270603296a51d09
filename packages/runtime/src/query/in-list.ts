import type { ColumnTypeMeta } from "../schema-meta.js";
import type { SqlBuilder } from "./sql-builder.js";

/**
 * Lists up to this long are spelled `IN (?, ?, ...)`, one placeholder per
 * value, as before. Longer ones travel as ONE parameter, so any length fits in
 * one statement: the engines cap the placeholders of a statement (SQLite
 * 32,766, MySQL 65,535, PostgreSQL 65,535 counted in 16 bits).
 */
export const PLAIN_IN_LIMIT = 1000;

/** MySQL/MariaDB: lists up to this long stay placeholders, in one statement (see `longList`). */
const MYSQL_PLACEHOLDER_LIST = 30_000;

/**
 * `target IN (...)` / `NOT (target IN (...))` over already encoded values,
 * bound, never inlined. A long list is one parameter: PostgreSQL an array
 * (`= ANY($1)`, typed by the column), SQLite a JSON array read by
 * `json_each`, MySQL/MariaDB a JSON array read by `JSON_TABLE`.
 */
export function inCondition(sb: SqlBuilder, target: string, type: ColumnTypeMeta, values: readonly unknown[], negate: boolean): string {
  const long = values.length > PLAIN_IN_LIMIT ? longList(sb, target, type, values) : undefined;
  const condition = long ?? `${target} IN (${values.map((v) => sb.param(v)).join(", ")})`;
  return negate ? `NOT (${condition})` : condition;
}

/**
 * `target` among `values` as ONE bound parameter, whatever their number;
 * undefined (nothing bound) when this engine cannot carry the column's type
 * that way, or on MySQL/MariaDB when placeholders are faster: the caller
 * binds one placeholder per value instead.
 */
export function longList(sb: SqlBuilder, target: string, type: ColumnTypeMeta, values: readonly unknown[]): string | undefined {
  switch (sb.dialect.name) {
    case "postgres":
      return `${target} = ANY(${sb.param(values)})`;
    case "sqlite": {
      const json = mysqlColumn(type) && jsonArray(values);
      return json === undefined ? undefined : `${target} IN (SELECT value FROM json_each(${sb.param(json)}))`;
    }
    case "mysql": {
      // Measured (scripts/bench-key-lists.ts, MariaDB 10.11): a list of placeholders reads as fast as a JSON_TABLE
      // parameter up to 2,000 keys and 2.3× faster at 5,000 (MariaDB turns a long IN list into a temporary
      // table; JSON_TABLE it scans, and in an UPDATE or DELETE once per row of the table), so placeholders up
      // to a statement's share of the 65,535 cap.
      if (values.length <= MYSQL_PLACEHOLDER_LIST) return undefined;
      const column = mysqlColumn(type);
      const json = column && jsonArray(values);
      if (!column || json === undefined) return undefined;
      // A JSON string unquoted is coercible: compared in the column's collation, as a bound string is.
      const value = column === "JSON" ? "JSON_UNQUOTE(v)" : "v";
      return `${target} IN (SELECT ${value} FROM JSON_TABLE(${sb.param(json)}, '$[*]' COLUMNS (v ${column} PATH '$')) ${sb.q("in_list")})`;
    }
  }
}

/** Whether `longList` can carry keys of `type` as one parameter on this engine (finite numbers, strings and bigints). */
export function bindsAsOne(engine: string, type: ColumnTypeMeta): boolean {
  return engine === "postgres" || mysqlColumn(type) !== undefined;
}

/**
 * The JSON_TABLE column type a MySQL-encoded value of `type` compares exactly
 * as; undefined for the kinds a long list binds one placeholder per value for
 * on SQLite and MySQL (dates, bytes, decimals, booleans, JSON).
 */
function mysqlColumn(type: ColumnTypeMeta): string | undefined {
  switch (type.kind) {
    case "Int":
      return "BIGINT";
    case "BigInt":
      return "DECIMAL(65,0)";
    case "Float":
      return "DOUBLE";
    case "String":
    case "Text":
    case "Uuid":
    case "Enum":
      return "JSON";
    default:
      return undefined;
  }
}

/** A JSON array of strings and numbers (bigints as exact integer literals); undefined for any other value. */
function jsonArray(values: readonly unknown[]): string | undefined {
  const parts: string[] = [];
  for (const v of values) {
    if (typeof v === "string") parts.push(JSON.stringify(v));
    else if (typeof v === "number" && Number.isFinite(v)) parts.push(String(v));
    else if (typeof v === "bigint") parts.push(v.toString());
    else return undefined;
  }
  return `[${parts.join(",")}]`;
}
