import { BaseDialect } from "../dialect/base-dialect.js";
import { toBuffer } from "../driver/pooled-connection.js";
import type { ClassifiedError, Dialect, TransientKind } from "../dialect/dialect.js";
import { POSTGRES_SCALAR_TYPES } from "../migrate/postgres-types.js";
import type { ColumnTypeMeta } from "../schema-meta.js";
import { classifyPostgresError, classifyPostgresTransient } from "./postgres-errors.js";

/**
 * PostgreSQL as the generated migrations declare it: native boolean, date,
 * timestamptz, jsonb, bytea, uuid and enum types. Values are sent as text
 * parameters the server casts, and read so that a pool's own type parsers do
 * not change what comes back: dates as `YYYY-MM-DD` text (pg would build a
 * `Date` at local midnight), int8, numeric and json as text. Booleans and
 * timestamps are read in either form, pg's parsed one or the server's text.
 */
export class PostgresDialect extends BaseDialect {
  readonly name = "postgres" as const;
  readonly supportsReturning = true;
  protected override readonly noLimit = "ALL";

  /** The column types the migrations declare (Enum: its own type), so a `VALUES` list is typed like the table. */
  valuesCast(type: ColumnTypeMeta): string {
    switch (type.kind) {
      case "Enum":
        return this.quote(type.enum ?? "text");
      case "String":
        return "text";
      case "Decimal":
        return "numeric";
      default:
        return (POSTGRES_SCALAR_TYPES as Record<string, string>)[type.kind] ?? "text";
    }
  }

  override placeholder(index: number): string {
    return `$${index}`;
  }

  protected override encodeChecked(type: ColumnTypeMeta, value: unknown): unknown {
    switch (type.kind) {
      case "BigInt":
        // pg has no binding for bigint values; the decimal text is exact.
        return String(value);
      case "Bytes":
        return toBuffer(value as Uint8Array);
      default:
        return super.encodeChecked(type, value);
    }
  }

  override selectColumn(expression: string, type: ColumnTypeMeta): string {
    switch (type.kind) {
      case "Date":
        return `to_char(${expression}, 'YYYY-MM-DD')`;
      case "BigInt":
      case "Decimal":
      // As text, parsed here: a pool whose parsers leave json as text, and a JSON string value, read alike.
      case "Json":
        return `${expression}::text`;
      default:
        return expression;
    }
  }

  override jsonRow(expressions: readonly string[]): string {
    return `json_build_array(${expressions.join(", ")})`;
  }

  override jsonColumn(expression: string, type: ColumnTypeMeta): string {
    switch (type.kind) {
      case "BigInt":
      case "Decimal":
        return `${expression}::text`;
      case "Bytes":
        return `encode(${expression}, 'hex')`;
      case "Date":
        return `to_char(${expression}, 'YYYY-MM-DD')`;
      case "DateTime":
        // The toISOString form, which decodes on the fast path; json_build_array would write the session's offset.
        return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      default:
        return expression;
    }
  }

  /** `json_agg(row ORDER BY ...)`, which is NULL over no rows: hence the `'[]'`. */
  jsonArrayAgg(rowExpression: string, orderBy: string): string {
    const ordered = orderBy === "" ? rowExpression : `${rowExpression} ORDER BY ${orderBy}`;
    return `COALESCE(json_agg(${ordered}), '[]'::json)`;
  }

  classifyError(error: unknown): ClassifiedError | undefined {
    return classifyPostgresError(error);
  }

  classifyTransient(error: unknown): TransientKind | undefined {
    return classifyPostgresTransient(error);
  }
}

/** The dialect of the `postgres()` driver. */
export const postgresDialect: Dialect = new PostgresDialect();
