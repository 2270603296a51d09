import { RelgenError } from "./relgen-error.js";

/**
 * A value the runtime refused before any statement ran: it has the wrong
 * JavaScript type for its column, or the column (on the engine in use) could
 * not store it exactly. Nothing was written; the flush or query was not sent.
 */
export class InvalidValueError extends RelgenError {
  override readonly name = "InvalidValueError";
  constructor(
    message: string,
    /** The entity and field, when the value belongs to one (absent for a bare `dialect.encode`). */
    readonly entity: string | undefined,
    readonly field: string | undefined,
    readonly value: unknown,
    /** The column's declared type, e.g. `Decimal(10, 2)`, `String(80)`, `OrderStatus (enum)`. */
    readonly columnType: string,
    /** The engine whose limit the value breaks, when the limit is that engine's only. */
    readonly engine: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A value the database holds that relgen cannot read as its column's type (written by another tool, or by hand). */
export class UnreadableValueError extends RelgenError {
  override readonly name = "UnreadableValueError";
  constructor(
    message: string,
    readonly table: string,
    readonly column: string,
    readonly value: unknown,
    readonly columnType: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The database refused a statement for a reason that is neither a constraint
 * (see `ConstraintViolationError`) nor a transient failure: a value it would
 * not take that the runtime did not catch up front, or an engine limit. The
 * driver's error is the `cause`.
 */
export class StatementError extends RelgenError {
  override readonly name = "StatementError";
  constructor(
    message: string,
    readonly sql: string,
    readonly params: readonly unknown[] | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A runtime option or argument outside what it accepts (a negative limit, an unknown isolation level). */
export class InvalidArgumentError extends RelgenError {
  override readonly name = "InvalidArgumentError";
}
