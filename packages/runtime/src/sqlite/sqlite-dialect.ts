import { BaseDialect } from "../dialect/base-dialect.js";
import type { ClassifiedError, Dialect } from "../dialect/dialect.js";
import type { ColumnTypeMeta } from "../schema-meta.js";
import { classifySqliteError } from "./sqlite-errors.js";

/**
 * SQLite as the spec's scalar table stores it: Boolean as 0/1, Date as
 * `YYYY-MM-DD` text, DateTime as `toISOString()` text, Json as text, Bytes as
 * BLOB. BigInt and Decimal are read as text (`CAST(x AS TEXT)`) so that
 * neither passes through a double: better-sqlite3 would round integers above
 * 2^53 otherwise. A Decimal column has NUMERIC affinity, so SQLite keeps at
 * most about 15 significant digits and drops trailing zeros (`"1.10"` reads
 * back as `"1.1"`).
 */
export class SqliteDialect extends BaseDialect {
  readonly name = "sqlite" as const;
  readonly supportsReturning = true;
  /** SQLITE_MAX_VARIABLE_NUMBER's default since 3.32. */
  override readonly maxParameters = 32_766;

  protected override encodeChecked(type: ColumnTypeMeta, value: unknown): unknown {
    // better-sqlite3 refuses booleans as parameters; bigint binds as a 64-bit integer.
    if (type.kind === "Boolean") return value ? 1 : 0;
    return super.encodeChecked(type, value);
  }

  override selectColumn(expression: string, type: ColumnTypeMeta): string {
    return type.kind === "BigInt" || type.kind === "Decimal" ? `CAST(${expression} AS TEXT)` : expression;
  }

  override jsonColumn(expression: string, type: ColumnTypeMeta): string {
    switch (type.kind) {
      case "BigInt":
      case "Decimal":
        return `CAST(${expression} AS TEXT)`;
      case "Bytes":
        // hex(NULL) is '', which would read back as empty bytes.
        return `CASE WHEN ${expression} IS NULL THEN NULL ELSE hex(${expression}) END`;
      case "Json":
        // Embedded as JSON rather than as a string holding JSON: one parse, not two.
        return `json(${expression})`;
      default:
        return expression;
    }
  }

  /**
   * `json_group_array(row ORDER BY ...)` (SQLite ≥ 3.44). Over no rows it is
   * `[]`. `rowExpression` must be the `jsonRow(...)` call itself, not a column
   * of a subquery that computed it: SQLite forgets that a value is JSON when
   * it crosses a subquery, and each row would arrive as a string.
   */
  jsonArrayAgg(rowExpression: string, orderBy: string): string {
    return orderBy === "" ? `json_group_array(${rowExpression})` : `json_group_array(${rowExpression} ORDER BY ${orderBy})`;
  }

  classifyError(error: unknown): ClassifiedError | undefined {
    return classifySqliteError(error);
  }
}

/** The dialect of the `sqlite()` driver. */
export const sqliteDialect: Dialect = new SqliteDialect();
