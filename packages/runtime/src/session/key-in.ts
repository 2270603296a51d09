import type { Dialect } from "../dialect/dialect.js";
import { inCondition } from "../query/in-list.js";
import type { SqlBuilder } from "../query/sql-builder.js";
import type { ColumnMeta } from "../schema-meta.js";

/**
 * Placeholders per statement, under every engine's cap (SQLite 32,766,
 * PostgreSQL and MySQL 65,535). A long single-column list usually travels as
 * one parameter anyway (see in-list.ts); this bounds the other cases.
 */
const MAX_PARAMS = 30_000;

/**
 * The WHERE of a statement over some rows by key, values bound: `c = ?` for
 * one row, `c IN (…)` for several (a long list as one parameter where that is faster, in-list.ts),
 * `(a, b) IN ((?, ?), …)` for a composite key (row values: all three engines).
 */
export function keyIn(
  sb: SqlBuilder,
  columns: readonly string[],
  fields: readonly ColumnMeta[],
  objects: readonly object[],
  owner: string,
): string {
  const d: Dialect = sb.dialect;
  const quoted = columns.map((c) => d.quote(c));
  const value = (obj: object, i: number) => {
    const v = (obj as Record<string, unknown>)[fields[i]!.name];
    return v === null || v === undefined ? null : d.encode(fields[i]!.type, v, owner, fields[i]!.name);
  };
  if (objects.length === 1) return quoted.map((c, i) => `${c} = ${sb.param(value(objects[0]!, i))}`).join(" AND ");
  if (quoted.length === 1) {
    const values = objects.map((o) => value(o, 0));
    return inCondition(sb, quoted[0]!, fields[0]!.type, values, false);
  }
  const rows = objects.map((o) => `(${quoted.map((_, i) => sb.param(value(o, i))).join(", ")})`);
  return `(${quoted.join(", ")}) IN (${rows.join(", ")})`;
}

/** `objects` in chunks whose statements stay under the engine's parameter cap, `width` values per object. */
export function keyChunks<T>(objects: readonly T[], width: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / width));
  const out: T[][] = [];
  for (let i = 0; i < objects.length; i += size) out.push(objects.slice(i, i + size));
  return out;
}
