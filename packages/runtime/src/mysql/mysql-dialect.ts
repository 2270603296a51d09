import { BaseDialect } from "../dialect/base-dialect.js";
import { toBuffer } from "../driver/pooled-connection.js";
import type { ClassifiedError, Dialect, TransientKind } from "../dialect/dialect.js";
import type { ColumnTypeMeta } from "../schema-meta.js";
import { classifyMysqlError, classifyMysqlTransient } from "./mysql-errors.js";

/**
 * MySQL and MariaDB as the generated migrations declare them: Boolean as
 * TINYINT(1), DateTime as DATETIME(3) holding UTC, Json as JSON (LONGTEXT on
 * MariaDB), Bytes as a BLOB. No RETURNING in MySQL, so generated keys come
 * from the insert id. Columns whose driver form depends on pool options
 * (dates and their time zone, BIGINT and DECIMAL precision, JSON parsing) are
 * selected as text, so what comes back does not depend on how the pool was
 * configured.
 */
export class MysqlDialect extends BaseDialect {
  readonly name = "mysql" as const;
  readonly supportsReturning = false;
  protected override readonly quoteChar = "`";
  // The largest LIMIT MySQL accepts: its documented way to say "no limit".
  protected override readonly noLimit = "18446744073709551615";

  protected override encodeChecked(type: ColumnTypeMeta, value: unknown): unknown {
    switch (type.kind) {
      case "BigInt":
        return String(value);
      case "Bytes":
        return toBuffer(value as Uint8Array);
      case "DateTime":
        // DATETIME has no zone and refuses a trailing `Z`: UTC wall-clock text.
        return (value as Date).toISOString().slice(0, 23).replace("T", " ");
      default:
        return super.encodeChecked(type, value);
    }
  }

  override selectColumn(expression: string, type: ColumnTypeMeta): string {
    return asText(expression, type) ?? expression;
  }

  override jsonRow(expressions: readonly string[]): string {
    return `JSON_ARRAY(${expressions.join(", ")})`;
  }

  override jsonColumn(expression: string, type: ColumnTypeMeta): string {
    if (type.kind === "Bytes") return `HEX(${expression})`;
    // JSON_EXTRACT marks the text as JSON, so it is embedded rather than quoted.
    if (type.kind === "Json") return `JSON_EXTRACT(${expression}, '$')`;
    return asText(expression, type) ?? expression;
  }

  /**
   * MariaDB's `JSON_ARRAYAGG(row ORDER BY ...)` (10.5+), NULL over no rows.
   * A nested aggregate arrives as a JSON string inside its parent's array; the
   * loader parses those.
   */
  jsonArrayAgg(rowExpression: string, orderBy: string): string {
    const ordered = orderBy === "" ? rowExpression : `${rowExpression} ORDER BY ${orderBy}`;
    return `COALESCE(JSON_ARRAYAGG(${ordered}), JSON_ARRAY())`;
  }

  defaultValuesClause(): string {
    return "() VALUES ()";
  }

  classifyError(error: unknown): ClassifiedError | undefined {
    return classifyMysqlError(error);
  }

  classifyTransient(error: unknown): TransientKind | undefined {
    return classifyMysqlTransient(error);
  }
}

function asText(expression: string, type: ColumnTypeMeta): string | undefined {
  switch (type.kind) {
    case "BigInt":
    case "Decimal":
    case "Json":
      return `CAST(${expression} AS CHAR)`;
    case "Date":
      return `DATE_FORMAT(${expression}, '%Y-%m-%d')`;
    case "DateTime":
      // The toISOString form (milliseconds, `Z`), which decodes on the fast path.
      return `CONCAT(LEFT(DATE_FORMAT(${expression}, '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')`;
    default:
      return undefined;
  }
}

/** The dialect of the `mysql()` driver. */
export const mysqlDialect: Dialect = new MysqlDialect();
