import { describe, expect, it } from "vitest";
import { translateTransient } from "../../src/engine/transient.js";
import { ConnectionLostError, isRetryable, TransactionConflictError } from "../../src/errors/transient-errors.js";
import { classifyMysqlError, classifyMysqlTransient, mysqlDialect } from "../../src/mysql/index.js";

// mysql2's errors read by shape: an Error with `errno`, `code`, `sqlMessage`
// and, for a broken connection, `fatal`. Messages as MariaDB 10.11 and
// MySQL 8 word them.
const myError = (sqlMessage: string, fields: Record<string, unknown>) => Object.assign(new Error(sqlMessage), { sqlMessage, ...fields });

describe("classifyMysqlError", () => {
  it("duplicate entry: the key's name, with the table where MySQL 8 prefixes it", () => {
    expect(classifyMysqlError(myError("Duplicate entry 'a@example.com' for key 'users_email_key'", { errno: 1062 }))).toEqual({
      kind: "unique",
      constraint: "users_email_key",
    });
    expect(classifyMysqlError(myError("Duplicate entry 'a@example.com' for key 'users.users_email_key'", { errno: 1062 }))).toEqual({
      kind: "unique",
      table: "users",
      constraint: "users_email_key",
    });
    expect(classifyMysqlError(myError("Duplicate entry '1' for key 'PRIMARY'", { errno: 1062 }))).toEqual({
      kind: "unique",
      constraint: "PRIMARY",
    });
    expect(classifyMysqlError(myError("Duplicate entry '1' for key 'users.PRIMARY'", { errno: 1062 }))).toEqual({
      kind: "unique",
      table: "users",
      constraint: "PRIMARY",
    });
    expect(classifyMysqlError(myError("Duplicate entry", { errno: 1062 }))).toEqual({ kind: "unique" });
  });

  it("foreign key: table, columns and constraint on insert; no column on delete", () => {
    const insert =
      "Cannot add or update a child row: a foreign key constraint fails (`app`.`order_lines`, CONSTRAINT `order_lines_orderId_fkey` FOREIGN KEY (`orderId`, `pos`) REFERENCES `orders` (`id`, `pos`))";
    expect(classifyMysqlError(myError(insert, { errno: 1452 }))).toEqual({
      kind: "foreign-key",
      table: "order_lines",
      columns: ["orderId", "pos"],
      constraint: "order_lines_orderId_fkey",
    });
    const remove =
      "Cannot delete or update a parent row: a foreign key constraint fails (`app`.`posts`, CONSTRAINT `posts_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `users` (`id`))";
    expect(classifyMysqlError(myError(remove, { errno: 1451 }))).toEqual({
      kind: "foreign-key",
      table: "posts",
      constraint: "posts_userId_fkey",
    });
    expect(classifyMysqlError(myError("a foreign key constraint fails", { errno: 1452 }))).toEqual({ kind: "foreign-key" });
  });

  it("not null: written as NULL, or left out without a default", () => {
    expect(classifyMysqlError(myError("Column 'title' cannot be null", { errno: 1048 }))).toEqual({ kind: "not-null", columns: ["title"] });
    expect(classifyMysqlError(myError("Field 'title' doesn't have a default value", { errno: 1364 }))).toEqual({
      kind: "not-null",
      columns: ["title"],
    });
    expect(classifyMysqlError(myError("cannot be null", { errno: 1048 }))).toEqual({ kind: "not-null" });
  });

  it("check: MariaDB's and MySQL 8's wording", () => {
    expect(classifyMysqlError(myError("CONSTRAINT `posts_title_short` failed for `app`.`posts`", { errno: 4025 }))).toEqual({
      kind: "check",
      constraint: "posts_title_short",
      table: "posts",
    });
    expect(classifyMysqlError(myError("Check constraint 'posts_title_short' is violated.", { errno: 3819 }))).toEqual({
      kind: "check",
      constraint: "posts_title_short",
    });
  });

  it("reads the message when mysql2 gave no sqlMessage", () => {
    const error = Object.assign(new Error("Column 'title' cannot be null"), { errno: 1048 });
    expect(classifyMysqlError(error)).toEqual({ kind: "not-null", columns: ["title"] });
  });

  it("is not a constraint error: other errnos, non-Errors", () => {
    expect(classifyMysqlError(myError("You have an error in your SQL syntax", { errno: 1064 }))).toBeUndefined();
    expect(classifyMysqlError(myError("Data truncated for column 'status' at row 1", { errno: 1265 }))).toBeUndefined();
    expect(classifyMysqlError({ errno: 1062, sqlMessage: "Duplicate entry '1' for key 'PRIMARY'" })).toBeUndefined();
    expect(classifyMysqlError(undefined)).toBeUndefined();
  });
});

describe("classifyMysqlTransient", () => {
  const cases: [string, Record<string, unknown>, string | undefined][] = [
    ["Deadlock found when trying to get lock; try restarting transaction", { errno: 1213, code: "ER_LOCK_DEADLOCK" }, "deadlock"],
    ["Lock wait timeout exceeded; try restarting transaction", { errno: 1205, code: "ER_LOCK_WAIT_TIMEOUT" }, "lock-timeout"],
    ["Connection was killed", { errno: 1927, code: "ER_CONNECTION_KILLED", fatal: true }, "connection-lost"],
    ["Server shutdown in progress", { errno: 1053 }, "connection-lost"],
    ["MySQL server has gone away", { errno: 2006 }, "connection-lost"],
    ["Lost connection to MySQL server during query", { errno: 2013 }, "connection-lost"],
    ["Connection lost: The server closed the connection.", { code: "PROTOCOL_CONNECTION_LOST", fatal: true }, "connection-lost"],
    ["read ECONNRESET", { code: "ECONNRESET", errno: -104, fatal: true }, "connection-lost"],
    ["write EPIPE", { code: "EPIPE", errno: -32 }, "connection-lost"],
    ["connect ECONNREFUSED 127.0.0.1:1", { code: "ECONNREFUSED", errno: -111, fatal: true }, "connection-lost"],
    ["Can't add new command when connection is in closed state", {}, "connection-lost"],
    ["Duplicate entry '1' for key 'PRIMARY'", { errno: 1062, code: "ER_DUP_ENTRY" }, undefined],
    ["Query execution was interrupted", { errno: 1317, code: "ER_QUERY_INTERRUPTED" }, undefined],
  ];

  it.each(cases)("%s (%o) → %s", (message, fields, kind) => {
    expect(classifyMysqlTransient(myError(message, fields))).toBe(kind);
  });

  it("is undefined for what is not an Error", () => {
    expect(classifyMysqlTransient({ errno: 1213 })).toBeUndefined();
    expect(classifyMysqlTransient(null)).toBeUndefined();
  });

  it("is what the MySQL dialect reports", () => {
    expect(mysqlDialect.classifyTransient?.(myError("Deadlock found", { errno: 1213 }))).toBe("deadlock");
  });
});

describe("translateTransient on MySQL errors", () => {
  const sql = "UPDATE `accounts` SET `balance` = ? WHERE `id` = ?";

  it("a deadlock and a lock wait timeout become a retryable TransactionConflictError", () => {
    for (const [errno, reason] of [
      [1213, "deadlock"],
      [1205, "lock-timeout"],
    ] as const) {
      const cause = myError("the server's words", { errno });
      const error = translateTransient(cause, mysqlDialect, sql);
      expect(error).toBeInstanceOf(TransactionConflictError);
      expect(error).toMatchObject({ reason, sql, cause, retryable: true });
      expect((error as Error).message).toMatch(/^MySQL refused .* after .*nothing of it was written/);
      expect((error as Error).message).toContain("(the server's words)");
    }
  });

  it("a lost connection: retryable outside COMMIT, outcome unknown during it", () => {
    const lost = translateTransient(myError("Connection lost", { code: "PROTOCOL_CONNECTION_LOST", fatal: true }), mysqlDialect, sql);
    expect(lost).toBeInstanceOf(ConnectionLostError);
    expect(lost).toMatchObject({ outcomeUnknown: false, retryable: true });
    expect((lost as Error).message).toMatch(/^The connection to MySQL was lost while running: UPDATE/);
    const duringCommit = translateTransient(myError("read ECONNRESET", { code: "ECONNRESET" }), mysqlDialect, "  commit");
    expect(duringCommit).toMatchObject({ outcomeUnknown: true, retryable: false });
    expect(isRetryable(duringCommit)).toBe(false);
  });
});
