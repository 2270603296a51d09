import type { Dialect } from "../dialect/dialect.js";
import type { ColumnMeta } from "../schema-meta.js";

/**
 * Multi-row statements for the flush: one INSERT or UPDATE for many rows of
 * one table. Values always travel as parameters; only the row counters that
 * order an INSERT ... SELECT are written into the text.
 */

/** How a multi-row INSERT returns generated keys; see `insertSql`. */
export type KeyReturn = "none" | "ordered-select" | "ordered-last-id" | "returning" | "insert-id";

/** Rows per multi-row statement: at most `cap`, and never more parameters than the engine takes. */
export function rowsPerStatement(dialect: Dialect, paramsPerRow: number, cap: number): number {
  return Math.max(1, Math.min(cap, Math.floor(dialect.maxParameters / Math.max(1, paramsPerRow))));
}

/**
 * `rows` rows of `columns` into `table`.
 * - `ordered-select` (SQLite, PostgreSQL): `INSERT ... SELECT ... FROM (VALUES ..., n) ORDER BY n RETURNING key`.
 *   Neither engine documents RETURNING's row order, but both insert the rows of
 *   an ordered SELECT in that order and draw each generated key (rowid + 1, the
 *   next sequence value) as the row is inserted: the keys rise in row order, so
 *   the caller sorts the returned keys and gives the k-th smallest to the k-th
 *   row. (SQLAlchemy's insertmanyvalues uses the same form on PostgreSQL.)
 * - `ordered-last-id` (SQLite): the same without RETURNING (which costs SQLite
 *   twice the INSERT): one writer at a time, each row takes the largest rowid
 *   + 1, so the keys are the n consecutive ones ending at last_insert_rowid.
 * - `returning` (MariaDB 10.5+): plain VALUES, whose rows MySQL-family engines
 *   insert in list order (what LAST_INSERT_ID's multi-row rule rests on); sorted likewise.
 * - `insert-id` (MySQL): plain VALUES; the keys follow from the first one (see generated-keys.ts).
 */
export function insertSql(dialect: Dialect, table: string, columns: readonly ColumnMeta[], rows: number, generated: readonly ColumnMeta[], keys: KeyReturn): string {
  const names = columns.map((c) => dialect.quote(c.column)).join(", ");
  const returning = ` RETURNING ${generated.map((c) => dialect.selectColumn(dialect.quote(c.column), c.type)).join(", ")}`;
  let n = 0;
  const tuples: string[] = [];
  const ordered = keys === "ordered-select" || keys === "ordered-last-id";
  for (let r = 0; r < rows; r++) {
    const cells = columns.map((c) => cell(dialect, c, ++n, r === 0 && ordered));
    if (ordered) cells.push(String(r));
    tuples.push(`(${cells.join(", ")})`);
  }
  if (!ordered) return `INSERT INTO ${table} (${names}) VALUES ${tuples.join(", ")}${keys === "returning" ? returning : ""}`;
  const picked = columns.map((_, i) => `column${i + 1}`).join(", ");
  return `INSERT INTO ${table} (${names}) SELECT ${picked} FROM (VALUES ${tuples.join(", ")}) AS v ORDER BY column${columns.length + 1}${keys === "ordered-select" ? returning : ""}`;
}

/** A placeholder, cast where the engine needs the type of a `VALUES` column (its first row types the rest). */
function cell(dialect: Dialect, column: ColumnMeta, index: number, typed: boolean): string {
  const p = dialect.placeholder(index);
  return typed && dialect.valuesCast ? `${p}::${dialect.valuesCast(column.type)}` : p;
}

/**
 * SQLite (3.33+) and PostgreSQL: `UPDATE t SET a = v.column3 FROM (VALUES (key..., a...), ...) AS v WHERE t.key = v.column1`.
 * Parameters: per row, its key columns, then its changed columns.
 */
export function updateFromValuesSql(dialect: Dialect, table: string, changed: readonly ColumnMeta[], keys: readonly ColumnMeta[], rows: number): string {
  const columns = [...keys, ...changed];
  let n = 0;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) tuples.push(`(${columns.map((c) => cell(dialect, c, ++n, r === 0)).join(", ")})`);
  const set = changed.map((c, i) => `${dialect.quote(c.column)} = v.column${keys.length + i + 1}`).join(", ");
  const where = keys.map((c, i) => `${table}.${dialect.quote(c.column)} = v.column${i + 1}`).join(" AND ");
  return `UPDATE ${table} SET ${set} FROM (VALUES ${tuples.join(", ")}) AS v WHERE ${where}`;
}

/**
 * MySQL / MariaDB: `UPDATE t SET a = CASE key WHEN ? THEN ? ... END, ... WHERE key IN (...)`.
 * Parameters: per changed column, per row its key and value; then the keys.
 */
export function updateCaseSql(dialect: Dialect, table: string, changed: readonly ColumnMeta[], key: ColumnMeta, rows: number): string {
  const k = dialect.quote(key.column);
  const set = changed.map((c) => `${dialect.quote(c.column)} = CASE ${k} ${"WHEN ? THEN ? ".repeat(rows)}END`).join(", ");
  return `UPDATE ${table} SET ${set} WHERE ${k} IN (${Array.from({ length: rows }, () => "?").join(", ")})`;
}
