import type { Dialect } from "../dialect/dialect.js";
import { ConnectionLostError, TransactionConflictError } from "../errors/transient-errors.js";
import { RelgenError } from "../errors/relgen-error.js";
import { StatementError } from "../errors/value-errors.js";

const ENGINE_LABEL: { readonly [name in Dialect["name"]]: string } = {
  sqlite: "SQLite",
  postgres: "PostgreSQL",
  mysql: "MySQL",
};

const CONFLICT_TEXT = {
  deadlock: "a deadlock with another transaction",
  serialization: "a serialization failure (a concurrent transaction changed what this one read)",
  "lock-timeout": "a lock wait timeout (another transaction held the rows too long)",
} as const;

/**
 * A driver error the dialect calls transient → the runtime's typed error,
 * whose message says what happened to the data and what to do; anything
 * else comes back unchanged.
 */
export function translateTransient(error: unknown, dialect: Dialect, sql: string, params?: readonly unknown[]): unknown {
  if (error instanceof RelgenError) return error;
  const kind = dialect.classifyTransient?.(error);
  if (kind === undefined) return dialect.classifyError(error) ? error : statementError(error, dialect, sql, params);
  const engine = ENGINE_LABEL[dialect.name];
  const statement = sql.length > 120 ? sql.slice(0, 117) + "..." : sql;
  const cause = describeCause(error);
  if (kind !== "connection-lost") {
    return new TransactionConflictError(
      `${engine} refused ${statement} after ${CONFLICT_TEXT[kind]}. The flush or read it belonged to was rolled back, ` +
        `so nothing of it was written (inside session.transaction(), let the error leave the callback to roll back the rest). ` +
        `Run the whole unit of work again in a new session (retryTransaction does this). (${cause})`,
      kind,
      sql,
      { cause: error },
    );
  }
  // pg and mysql2 refuse to send on a connection they know is dead: then COMMIT never left, and the outcome is known.
  const neverSent = /not queryable|closed state/i.test(cause);
  const duringCommit = /^\s*COMMIT\b/i.test(sql) && !neverSent;
  return new ConnectionLostError(
    duringCommit
      ? `The connection to ${engine} was lost while COMMIT was under way: the transaction may or may not have been written. ` +
          `Check the database before running it again. (${cause})`
      : `The connection to ${engine} was lost while running: ${statement}. The server rolls back an interrupted transaction, ` +
          `so nothing of it was written, and the session's objects are as they were before. ` +
          `Check that the server is up, then run the unit of work again. (${cause})`,
    sql,
    duringCommit,
    { cause: error },
  );
}

/**
 * A driver error that is neither transient nor a constraint (those the flush
 * translates, knowing the object) → a `StatementError` with the driver error
 * as its cause: a value the database refused that the runtime did not catch
 * before the statement, or an engine limit.
 */
export function statementError(error: unknown, dialect: Dialect, sql: string, params: readonly unknown[] | undefined): StatementError {
  const statement = sql.length > 120 ? sql.slice(0, 117) + "..." : sql;
  return new StatementError(
    `${ENGINE_LABEL[dialect.name]} refused ${statement}: ${describeCause(error)}. ` +
      `If a value caused it, check it against its column's type (docs/runtime.md, "Values"); the statement's parameters are in \`params\`.`,
    sql,
    params,
    { cause: error },
  );
}

/**
 * The text of a driver error for a message. Node gives an AggregateError with
 * an empty message when every address of a host refused (`localhost` as ::1
 * and 127.0.0.1): its parts say why.
 */
export function describeCause(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    const parts = error.errors.map(describeCause).filter((m) => m !== "");
    if (parts.length > 0) return [...new Set(parts)].join("; ");
  }
  if (error instanceof Error) {
    if (error.message !== "") return error.message;
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") return code;
    return error.name;
  }
  return String(error);
}
