import type { LoggedConnection } from "../engine/logged-connection.js";

const NAME = "relgen_flush";

/**
 * A flush inside `transaction()` runs under a savepoint, so that when it
 * fails its statements are undone on every engine alike and the transaction
 * goes on: SQLite and MySQL would otherwise keep the statements that ran
 * before the failing one, and PostgreSQL would refuse everything after it.
 */
export async function flushInSavepoint(conn: LoggedConnection, work: () => Promise<void>): Promise<void> {
  await conn.execute(`SAVEPOINT ${NAME}`, []);
  try {
    await work();
  } catch (error) {
    await conn.execute(`ROLLBACK TO SAVEPOINT ${NAME}`, []).catch(() => undefined);
    throw error;
  }
  await conn.execute(`RELEASE SAVEPOINT ${NAME}`, []);
}
