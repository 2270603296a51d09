import type { ClassifiedError, TransientKind } from "../dialect/dialect.js";

interface MysqlErrorShape {
  code?: unknown;
  errno?: unknown;
  sqlMessage?: unknown;
  fatal?: unknown;
}

// `(`db`.`posts`, CONSTRAINT `posts_userId_fkey` FOREIGN KEY (`userId`) REFERENCES ...`
const FOREIGN_KEY = /\(`[^`]*`\.`([^`]*)`, CONSTRAINT `([^`]*)` FOREIGN KEY \(([^)]*)\)/;
// MariaDB: `for key 'users_email_key'`; MySQL 8: `for key 'users.users_email_key'`.
const DUPLICATE = /for key '(?:([^'.]*)\.)?([^']*)'/;
// `Column 'title' cannot be null` / `Field 'title' doesn't have a default value`
const NULL_COLUMN = /^(?:Column|Field) '([^']*)'/;
// MariaDB: ``CONSTRAINT `x` failed for `db`.`t` ``; MySQL 8: `Check constraint 'x' is violated.`
const CHECK_MARIADB = /CONSTRAINT `([^`]*)` failed for `[^`]*`\.`([^`]*)`/;
const CHECK_MYSQL = /Check constraint '([^']*)' is violated/;

/**
 * Reads mysql2's error by shape (its `errno` and message), so the dialect
 * does not load mysql2. MySQL names the foreign key and its columns; for a
 * duplicate it names only the index, which the runtime maps to columns
 * through the schema.
 */
export function classifyMysqlError(error: unknown): ClassifiedError | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & MysqlErrorShape;
  const message = typeof e.sqlMessage === "string" ? e.sqlMessage : e.message;
  switch (e.errno) {
    case 1062: // ER_DUP_ENTRY
    case 1586: {
      const m = DUPLICATE.exec(message);
      if (!m?.[2]) return { kind: "unique" };
      return m[2] === "PRIMARY" ? { kind: "unique", constraint: "PRIMARY", ...(m[1] ? { table: m[1] } : {}) } : { kind: "unique", constraint: m[2], ...(m[1] ? { table: m[1] } : {}) };
    }
    case 1451: // ER_ROW_IS_REFERENCED_2: a delete the children still point at
    case 1452: { // ER_NO_REFERENCED_ROW_2: a child pointing nowhere
      const m = FOREIGN_KEY.exec(message);
      if (!m) return { kind: "foreign-key" };
      const columns = m[3]!.split(",").map((c) => c.trim().replace(/^`|`$/g, ""));
      // For a delete the named table is the referencing one; its column is the useful location only for inserts.
      return e.errno === 1452 ? { kind: "foreign-key", table: m[1]!, columns, constraint: m[2]! } : { kind: "foreign-key", table: m[1]!, constraint: m[2]! };
    }
    case 1048: // ER_BAD_NULL_ERROR
    case 1364: { // ER_NO_DEFAULT_FOR_FIELD
      const m = NULL_COLUMN.exec(message);
      return m?.[1] ? { kind: "not-null", columns: [m[1]] } : { kind: "not-null" };
    }
    case 4025: { // MariaDB ER_CONSTRAINT_FAILED
      const m = CHECK_MARIADB.exec(message);
      return m ? { kind: "check", constraint: m[1]!, table: m[2]! } : { kind: "check" };
    }
    case 3819: { // MySQL ER_CHECK_CONSTRAINT_VIOLATED
      const m = CHECK_MYSQL.exec(message);
      return m ? { kind: "check", constraint: m[1]! } : { kind: "check" };
    }
    default:
      return undefined;
  }
}

const TRANSIENT_BY_ERRNO: { readonly [errno: number]: TransientKind } = {
  1213: "deadlock", // ER_LOCK_DEADLOCK
  1020: "serialization", // ER_CHECKREAD: MariaDB's innodb_snapshot_isolation found the row changed since the snapshot
  1205: "lock-timeout", // ER_LOCK_WAIT_TIMEOUT
  1927: "connection-lost", // MariaDB ER_CONNECTION_KILLED
  1053: "connection-lost", // ER_SERVER_SHUTDOWN
  2006: "connection-lost", // CR_SERVER_GONE_ERROR
  2013: "connection-lost", // CR_SERVER_LOST
};

const LOST_CODES = new Set(["PROTOCOL_CONNECTION_LOST", "ECONNRESET", "EPIPE", "ECONNREFUSED", "ER_CONNECTION_KILLED"]);

/** Deadlocks and lock timeouts (retryable) and lost connections, by errno or mysql2's code. */
export function classifyMysqlTransient(error: unknown): TransientKind | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as MysqlErrorShape;
  if (typeof e.errno === "number" && TRANSIENT_BY_ERRNO[e.errno]) return TRANSIENT_BY_ERRNO[e.errno];
  if (typeof e.code === "string" && LOST_CODES.has(e.code)) return "connection-lost";
  if (e.fatal === true || /closed state|Connection lost/i.test(error.message)) return "connection-lost";
  return undefined;
}
