import type { ColumnTypeMeta } from "../schema-meta.js";

/**
 * How one engine spells what differs: placeholders, quoting, value encoding,
 * JSON aggregation for `joined`, and how it reports constraint failures. The
 * query builders and the session are written once against these hooks.
 */
export interface Dialect {
  readonly name: "sqlite" | "postgres" | "mysql";
  /** `"users"` / `` `users` ``; embedded quote characters doubled. */
  quote(identifier: string): string;
  /** The placeholder for the `index`-th (1-based) parameter: `?` or `$1`. */
  placeholder(index: number): string;
  /** Whether `INSERT ... RETURNING` is available (else the driver's insertId is used). */
  readonly supportsReturning: boolean;
  /** The most bound parameters one statement may carry (multi-row writes are chunked under it). */
  readonly maxParameters: number;
  /**
   * The SQL type a parameter inside a `VALUES` list must be cast to, where the
   * engine cannot infer it from a target column (PostgreSQL); absent elsewhere.
   */
  valuesCast?(type: ColumnTypeMeta): string;

  /**
   * A JavaScript value of a column of `type` → the driver's parameter value.
   * `null` stays `null`. Throws an `InvalidValueError` (naming `entity` and
   * `field` when given) for a value the column cannot store exactly.
   */
  encode(type: ColumnTypeMeta, value: unknown, entity?: string, field?: string): unknown;
  /**
   * `encode` for a value `checkValue` already accepted and returned unchanged
   * (a valid `Date`, a boolean, …): the check is not repeated. Never null.
   */
  encodeValid(type: ColumnTypeMeta, value: unknown): unknown;
  /** How to select a column so that `decode` can read it (e.g. `CAST(x AS TEXT)` for BigInt on SQLite). */
  selectColumn(expression: string, type: ColumnTypeMeta): string;
  /**
   * A selected column value → its JavaScript value; never called with `null`.
   * The runtime skips it for Int, Float, String, Text, Uuid and Enum, whose
   * driver values already are the JavaScript values.
   */
  decode(type: ColumnTypeMeta, raw: unknown): unknown;

  /** A JSON array of the given expressions, one per column (`json_array(a, b)`). */
  jsonRow(expressions: readonly string[]): string;
  /** How to put a column inside `jsonRow` so that `decodeJson` reads it back exactly. */
  jsonColumn(expression: string, type: ColumnTypeMeta): string;
  /** Aggregates `rowExpression` of every row of a subquery into one JSON array, in `orderBy` order. */
  jsonArrayAgg(rowExpression: string, orderBy: string): string;
  /** A value read from JSON (after `JSON.parse`) → its JavaScript value. */
  decodeJson(type: ColumnTypeMeta, value: unknown): unknown;
  /** The raw result of a JSON expression column → parsed JSON (SQLite returns text, pg may return objects). */
  parseJson(raw: unknown): unknown;

  /** Wraps a nested JSON aggregate so the outer JSON embeds it as JSON, not as a string (SQLite: `json(x)`). */
  jsonEmbed?(expression: string): string;
  /** The INSERT tail for a row of defaults only (default `DEFAULT VALUES`; MySQL: `() VALUES ()`). */
  defaultValuesClause?(): string;

  /** ` LIMIT ? OFFSET ?`-style tail; parameters are pushed through `param`. */
  limitOffset(limit: number | undefined, offset: number | undefined, param: (value: unknown) => string): string;

  /** What kind of constraint a driver error reports, and where, when it is one. */
  classifyError(error: unknown): ClassifiedError | undefined;
  /**
   * A failure that is not about the data: a deadlock, a serialization failure
   * or a lock timeout (the engine rolled the transaction back; running it
   * again may succeed), or a lost connection. Absent where none can happen.
   */
  classifyTransient?(error: unknown): TransientKind | undefined;
}

export type TransientKind = "deadlock" | "serialization" | "lock-timeout" | "connection-lost";

export type ConstraintKind = "unique" | "foreign-key" | "not-null" | "check";

export interface ClassifiedError {
  readonly kind: ConstraintKind;
  /** Table and columns as the engine names them, when it does (SQLite omits them for foreign keys). */
  readonly table?: string;
  readonly columns?: readonly string[];
  readonly constraint?: string;
}
