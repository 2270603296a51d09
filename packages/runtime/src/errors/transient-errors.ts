import type { TransientKind } from "../dialect/dialect.js";
import { RelgenError } from "./relgen-error.js";

export type ConflictReason = Exclude<TransientKind, "connection-lost">;

/**
 * The database chose this transaction as the loser of a conflict (a deadlock,
 * a serialization failure, a lock wait that timed out) and rolled it back:
 * nothing of it was written. Running the same unit of work again, in a new
 * session, may succeed; see `retryTransaction`.
 */
export class TransactionConflictError extends RelgenError {
  override readonly name = "TransactionConflictError";
  readonly retryable = true;
  constructor(
    message: string,
    readonly reason: ConflictReason,
    /** The statement that was refused. */
    readonly sql: string,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The connection broke or the server ended it (a restart, a killed backend).
 * The server rolls back what was open, so nothing of the transaction was
 * written, except when the connection broke while COMMIT was under way: then
 * the outcome is unknown (`outcomeUnknown`) and the caller must check before
 * running it again.
 */
export class ConnectionLostError extends RelgenError {
  override readonly name = "ConnectionLostError";
  readonly retryable: boolean;
  constructor(
    message: string,
    readonly sql: string,
    readonly outcomeUnknown: boolean,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.retryable = !outcomeUnknown;
  }
}

/**
 * A statement of the open transaction failed in a way that ended the
 * transaction on the server (PostgreSQL aborts a transaction at any error; MySQL
 * rolls it back after a deadlock), and the caller carried on. The runtime
 * refuses the statements that follow, and COMMIT rolls back instead: nothing
 * of the transaction is written. `retryable` when the first failure was a
 * conflict.
 */
export class TransactionAbortedError extends RelgenError {
  override readonly name = "TransactionAbortedError";
  constructor(
    message: string,
    readonly retryable: boolean,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** The error for `sql` refused after `engine` ended the open transaction at `cause`. */
export function transactionEnded(engine: string, sql: string, cause: unknown, retryable: boolean): TransactionAbortedError {
  const reason = cause instanceof Error ? ` (${cause.message})` : "";
  const statement = sql.length > 80 ? sql.slice(0, 77) + "..." : sql;
  return new TransactionAbortedError(
    `${engine} ended this transaction at an earlier error${reason}, so ${statement} cannot run in it. ` +
      `Nothing of the transaction will be committed. Let the error end the unit of work (a throw inside ` +
      `session.transaction() rolls back) and run it again from the start.`,
    retryable,
    { cause },
  );
}

/** Whether running the failed unit of work again, from the start, may succeed and cannot write twice. */
export function isRetryable(error: unknown): boolean {
  return (
    (error instanceof TransactionConflictError || error instanceof ConnectionLostError || error instanceof TransactionAbortedError) &&
    error.retryable
  );
}
