import { describe, expect, it } from "vitest";
import { translateTransient } from "../../src/engine/transient.js";
import { ConnectionLostError, isRetryable, TransactionConflictError } from "../../src/errors/transient-errors.js";
import { classifyPostgresError, classifyPostgresTransient, postgresDialect } from "../../src/postgres/index.js";

// pg's DatabaseError read by shape: an Error carrying the fields the server
// sends (SQLSTATE `code`, `table`, `column`, `constraint`, `detail`).
const pgError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe("classifyPostgresError", () => {
  it("unique: key columns from the detail, quoted names unquoted", () => {
    expect(
      classifyPostgresError(
        pgError('duplicate key value violates unique constraint "posts_userId_slot_key"', {
          code: "23505",
          table: "posts",
          constraint: "posts_userId_slot_key",
          detail: 'Key ("userId", slot)=(1, 1) already exists.',
        }),
      ),
    ).toEqual({ kind: "unique", table: "posts", columns: ["userId", "slot"], constraint: "posts_userId_slot_key" });
    expect(
      classifyPostgresError(pgError("dup", { code: "23505", table: "t", detail: 'Key ("a""b")=(x) already exists.' })),
    ).toEqual({ kind: "unique", table: "t", columns: ['a"b'] });
  });

  it("unique on an expression index: no columns, the constraint names it (as on SQLite)", () => {
    expect(
      classifyPostgresError(
        pgError("dup", { code: "23505", table: "posts", constraint: "posts_lower_idx", detail: "Key (lower(title::text))=(x) already exists." }),
      ),
    ).toEqual({ kind: "unique", table: "posts", constraint: "posts_lower_idx" });
  });

  it("foreign key: the referencing column on insert, only the constraint on delete", () => {
    expect(
      classifyPostgresError(
        pgError("fk", {
          code: "23503",
          table: "posts",
          constraint: "posts_userId_fkey",
          detail: 'Key ("userId")=(99) is not present in table "users".',
        }),
      ),
    ).toEqual({ kind: "foreign-key", table: "posts", columns: ["userId"], constraint: "posts_userId_fkey" });
    expect(
      classifyPostgresError(
        pgError("fk", {
          code: "23503",
          table: "posts",
          constraint: "posts_userId_fkey",
          detail: 'Key (id)=(1) is still referenced from table "posts".',
        }),
      ),
    ).toEqual({ kind: "foreign-key", table: "posts", constraint: "posts_userId_fkey" });
  });

  it("not null names its column; check names its constraint", () => {
    expect(classifyPostgresError(pgError("nn", { code: "23502", table: "posts", column: "title" }))).toEqual({
      kind: "not-null",
      table: "posts",
      columns: ["title"],
    });
    expect(classifyPostgresError(pgError("ck", { code: "23514", table: "posts", constraint: "posts_title_short" }))).toEqual({
      kind: "check",
      table: "posts",
      constraint: "posts_title_short",
    });
  });

  it("keeps what it can when the server sent less (no detail, no table)", () => {
    expect(classifyPostgresError(pgError("dup", { code: "23505" }))).toEqual({ kind: "unique" });
    expect(classifyPostgresError(pgError("dup", { code: "23505", detail: "something else" }))).toEqual({ kind: "unique" });
  });

  it("is not a constraint error: other SQLSTATEs, exclusion constraints, non-Errors", () => {
    expect(classifyPostgresError(pgError("syntax", { code: "42601" }))).toBeUndefined();
    expect(classifyPostgresError(pgError("exclusion", { code: "23P01" }))).toBeUndefined();
    expect(classifyPostgresError(pgError("plain", {}))).toBeUndefined();
    expect(classifyPostgresError({ code: "23505", table: "t" })).toBeUndefined();
    expect(classifyPostgresError(undefined)).toBeUndefined();
  });
});

describe("classifyPostgresTransient", () => {
  const cases: [string, Record<string, unknown>, string | undefined][] = [
    ["deadlock detected", { code: "40P01" }, "deadlock"],
    ["could not serialize access due to concurrent update", { code: "40001" }, "serialization"],
    ["canceling statement due to lock timeout", { code: "55P03" }, "lock-timeout"],
    ["terminating connection due to administrator command", { code: "57P01" }, "connection-lost"],
    ["terminating connection because of crash of another server process", { code: "57P02" }, "connection-lost"],
    ["the database system is starting up", { code: "57P03" }, "connection-lost"],
    ["connection failure", { code: "08006" }, "connection-lost"],
    ["read ECONNRESET", { code: "ECONNRESET" }, "connection-lost"],
    ["write EPIPE", { code: "EPIPE" }, "connection-lost"],
    ["connect ECONNREFUSED 127.0.0.1:1", { code: "ECONNREFUSED" }, "connection-lost"],
    ["Connection terminated unexpectedly", {}, "connection-lost"],
    ["Client has encountered a connection error and is not queryable", {}, "connection-lost"],
    ["canceling statement due to statement timeout", { code: "57014" }, undefined],
    ['duplicate key value violates unique constraint "k"', { code: "23505" }, undefined],
    ["syntax error", { code: "42601" }, undefined],
  ];

  it.each(cases)("%s (%o) → %s", (message, fields, kind) => {
    expect(classifyPostgresTransient(pgError(message, fields))).toBe(kind);
  });

  it("is undefined for what is not an Error", () => {
    expect(classifyPostgresTransient({ code: "40P01" })).toBeUndefined();
    expect(classifyPostgresTransient("deadlock")).toBeUndefined();
  });

  it("is what the PostgreSQL dialect reports", () => {
    expect(postgresDialect.classifyTransient?.(pgError("deadlock detected", { code: "40P01" }))).toBe("deadlock");
  });
});

describe("translateTransient on PostgreSQL errors", () => {
  const sql = `UPDATE "accounts" SET "balance" = $1 WHERE "id" = $2`;

  it("a deadlock and a serialization failure become a retryable TransactionConflictError", () => {
    for (const [code, reason] of [
      ["40P01", "deadlock"],
      ["40001", "serialization"],
    ] as const) {
      const cause = pgError("the server's words", { code });
      const error = translateTransient(cause, postgresDialect, sql);
      expect(error).toBeInstanceOf(TransactionConflictError);
      const conflict = error as TransactionConflictError;
      expect(conflict).toMatchObject({ reason, sql, cause, retryable: true });
      expect(conflict.message).toMatch(/^PostgreSQL refused .* after .*nothing of it was written/);
      expect(conflict.message).toContain(sql);
      expect(conflict.message).toContain("(the server's words)");
      expect(isRetryable(conflict)).toBe(true);
    }
  });

  it("a lost connection is retryable, except while COMMIT was under way", () => {
    const lost = translateTransient(pgError("Connection terminated unexpectedly", {}), postgresDialect, sql);
    expect(lost).toBeInstanceOf(ConnectionLostError);
    expect(lost).toMatchObject({ outcomeUnknown: false, retryable: true, sql });
    expect((lost as Error).message).toMatch(/lost while running: UPDATE/);
    expect(isRetryable(lost)).toBe(true);

    const duringCommit = translateTransient(pgError("terminating connection", { code: "57P01" }), postgresDialect, "COMMIT");
    expect(duringCommit).toMatchObject({ outcomeUnknown: true, retryable: false });
    expect((duringCommit as Error).message).toMatch(/may or may not have been written/);
    expect(isRetryable(duringCommit)).toBe(false);
  });

  it("cuts a long statement in the message but keeps it whole on the error", () => {
    const long = `SELECT ${"x, ".repeat(100)}1`;
    const error = translateTransient(pgError("deadlock detected", { code: "40P01" }), postgresDialect, long) as TransactionConflictError;
    expect(error.message).toContain(long.slice(0, 117) + "...");
    expect(error.sql).toBe(long);
  });

  it("passes anything else through unchanged, and does not wrap twice", () => {
    const constraint = pgError("dup", { code: "23505" });
    expect(translateTransient(constraint, postgresDialect, sql)).toBe(constraint);
    const once = translateTransient(pgError("deadlock detected", { code: "40P01" }), postgresDialect, sql);
    expect(translateTransient(once, postgresDialect, "other")).toBe(once);
    expect(isRetryable(constraint)).toBe(false);
  });
});
