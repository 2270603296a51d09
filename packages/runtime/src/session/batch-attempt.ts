import type { Dialect } from "../dialect/dialect.js";
import type { EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { ConnectionLostError, TransactionConflictError } from "../errors/transient-errors.js";
import type { EntityInfo } from "../model/entity-info.js";
import { translateError } from "./translate-error.js";

const SAVEPOINT = "relgen_rows";

/** How a refused multi-row statement is reported on PostgreSQL without a savepoint: the rows it wrote, and the statement. */
export interface Refusal {
  readonly action: "insert" | "update";
  readonly mapper: EntityMapper;
  readonly objects: readonly object[];
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * Runs one multi-row statement; `undefined` when the engine refused it. Then
 * nothing of it stays (SQLite and MySQL undo a failed statement) and the
 * caller writes the rows one by one, so a refusal names the object it is
 * about. PostgreSQL refuses everything after a failure: with `refusal`, the
 * object is read from the server's report (`Key (email)=(…) already exists`)
 * and the error thrown at once, so no savepoint costs two round trips per
 * statement; without it, a savepoint taken before lets the caller go row by
 * row. A deadlock or a lost connection is not about a row: thrown.
 */
export async function attempt<R>(conn: LoggedConnection, dialect: Dialect, run: () => Promise<R>, refusal?: Refusal): Promise<R | undefined> {
  const guard = dialect.name === "postgres" && !refusal;
  if (guard) await conn.execute(`SAVEPOINT ${SAVEPOINT}`, []);
  let result: R;
  try {
    result = await run();
  } catch (error) {
    if (error instanceof TransactionConflictError || error instanceof ConnectionLostError) throw error;
    if (dialect.name === "postgres" && refusal) {
      const obj = reportedObject(error, refusal.mapper.info, refusal.objects) ?? refusal.objects[0]!;
      const { action, mapper, sql, params } = refusal;
      throw await translateError(error, dialect, { action, entity: mapper.info, obj, sql, params }, conn);
    }
    if (guard) await conn.execute(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`, []);
    if (guard) await conn.execute(`RELEASE SAVEPOINT ${SAVEPOINT}`, []);
    return undefined;
  }
  if (guard) await conn.execute(`RELEASE SAVEPOINT ${SAVEPOINT}`, []);
  return result;
}

/**
 * The object whose values PostgreSQL's detail names (`Key (email)=(a@b.c) already
 * exists`, `Key (userId)=(7) is not present …`), if exactly one does.
 */
export function reportedObject(error: unknown, entity: EntityInfo, objects: readonly object[]): object | undefined {
  const detail = (error as { detail?: unknown }).detail;
  const match = typeof detail === "string" ? /^Key \((.*?)\)=\((.*)\)/s.exec(detail) : null;
  if (!match) return undefined;
  const fields = match[1]!.split(", ").map((name) => {
    const column = name.replace(/^"(.*)"$/, "$1");
    return entity.columns.find((c) => c.column === column)?.name;
  });
  if (fields.some((f) => f === undefined)) return undefined;
  const found = objects.filter((o) => fields.map((f) => String((o as Record<string, unknown>)[f!])).join(", ") === match[2]);
  return found.length === 1 ? found[0] : undefined;
}
