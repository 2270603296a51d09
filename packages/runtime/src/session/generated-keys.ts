import type { Dialect } from "../dialect/dialect.js";
import type { KeyReturn } from "../engine/batch-sql.js";
import type { LoggedConnection } from "../engine/logged-connection.js";

/** How a multi-row INSERT learns its generated keys on an engine, or `undefined`: insert such rows one by one. */
export interface KeyPlan {
  readonly form: Exclude<KeyReturn, "none">;
  /** For `insert-id`: the distance between consecutive keys (auto_increment_increment). */
  readonly step: number;
}

const known = new WeakMap<object, Promise<KeyPlan | undefined>>();

/**
 * PostgreSQL: `INSERT ... SELECT ... ORDER BY` and sorted RETURNING keys; SQLite the same
 * form, its keys counted back from last_insert_rowid (see batch-sql.ts).
 * MySQL family: read once per engine (one statement on its first batched insert).
 * MariaDB 10.5+ has RETURNING. MySQL has not; there the keys of a multi-row
 * "simple insert" are consecutive (first = LAST_INSERT_ID, then + auto_increment_increment)
 * only when innodb_autoinc_lock_mode is 0 or 1 — with 2 (MySQL 8's default)
 * a concurrent insert may take keys in between, so those rows go one by one.
 */
export function keyPlan(engine: object, dialect: Dialect, conn: LoggedConnection): Promise<KeyPlan | undefined> {
  if (dialect.name === "sqlite") return Promise.resolve({ form: "ordered-last-id", step: 1 });
  if (dialect.name !== "mysql") return Promise.resolve({ form: "ordered-select", step: 1 });
  let plan = known.get(engine);
  if (!plan) {
    plan = conn
      .query("SELECT VERSION(), @@innodb_autoinc_lock_mode, @@auto_increment_increment", [])
      .then(([row]) => mysqlKeyPlan(String(row?.[0] ?? ""), Number(row?.[1]), Number(row?.[2])));
    // A failed read is asked again by the next flush, not remembered.
    plan.catch(() => known.delete(engine));
    known.set(engine, plan);
  }
  return plan;
}

export function mysqlKeyPlan(version: string, lockMode: number, increment: number): KeyPlan | undefined {
  if (/mariadb/i.test(version)) {
    const [major = 0, minor = 0] = version.split(/[.-]/).map(Number);
    if (major > 10 || (major === 10 && minor >= 5)) return { form: "returning", step: 1 };
  }
  if ((lockMode === 0 || lockMode === 1) && Number.isSafeInteger(increment) && increment >= 1) return { form: "insert-id", step: increment };
  return undefined;
}
