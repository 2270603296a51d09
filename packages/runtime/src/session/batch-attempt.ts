import type { Dialect } from "../dialect/dialect.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { ConnectionLostError, TransactionConflictError } from "../errors/transient-errors.js";

const SAVEPOINT = "relgen_rows";

/**
 * Runs one multi-row statement; `undefined` when the engine refused it. Then
 * nothing of it stays (SQLite and MySQL undo a failed statement; PostgreSQL,
 * which refuses everything after a failure, returns to a savepoint taken just
 * before), and the caller writes the rows one by one, so a refusal names the
 * object it is about. A deadlock or a lost connection is not about a row: thrown.
 */
export async function attempt<R>(conn: LoggedConnection, dialect: Dialect, run: () => Promise<R>): Promise<R | undefined> {
  const guard = dialect.name === "postgres";
  if (guard) await conn.execute(`SAVEPOINT ${SAVEPOINT}`, []);
  let result: R;
  try {
    result = await run();
  } catch (error) {
    if (error instanceof TransactionConflictError || error instanceof ConnectionLostError) throw error;
    if (guard) await conn.execute(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`, []);
    if (guard) await conn.execute(`RELEASE SAVEPOINT ${SAVEPOINT}`, []);
    return undefined;
  }
  if (guard) await conn.execute(`RELEASE SAVEPOINT ${SAVEPOINT}`, []);
  return result;
}
