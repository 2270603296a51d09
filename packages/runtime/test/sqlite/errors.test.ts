import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection, Driver } from "../../src/driver/driver.js";
import { classifySqliteError, sqlite, sqliteDialect } from "../../src/sqlite/index.js";

// DDL in the shape the generator writes for SQLite (named table constraints,
// an enum CHECK on the column), plus the cases the generator does not write.
const DDL = [
  `CREATE TABLE "users" (
    "id" INTEGER NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'Reader' CHECK ("role" IN ('Reader', 'Admin')),
    CONSTRAINT "users_email_key" UNIQUE ("email")
  )`,
  `CREATE TABLE "posts" (
    "id" INTEGER NOT NULL CONSTRAINT "posts_pkey" PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "slot" INTEGER,
    "we""ird" TEXT,
    CONSTRAINT "posts_userId_slot_key" UNIQUE ("userId", "slot"),
    CONSTRAINT "posts_title_short" CHECK (length("title") < 20),
    CONSTRAINT "posts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users" ("id")
  )`,
  `CREATE TABLE "codes" ("a" INTEGER, "b" INTEGER, CHECK (a + b < 0))`,
  `CREATE UNIQUE INDEX "posts_title_lower_idx" ON "posts" (lower("title"))`,
  `CREATE UNIQUE INDEX "posts_weird_idx" ON "posts" ("we""ird")`,
];

let driver: Driver;
let conn: Connection;

beforeAll(async () => {
  driver = sqlite(":memory:");
  conn = await driver.acquire();
  for (const statement of DDL) await conn.execute(statement, []);
  await conn.execute(`INSERT INTO "users" ("id", "email") VALUES (1, 'a@example.com')`, []);
  await conn.execute(`INSERT INTO "posts" ("title", "userId", "slot", "we""ird") VALUES ('Hello', 1, 1, 'w')`, []);
});

afterAll(async () => {
  conn.release();
  await driver.close();
});

/** Runs a statement that must fail and returns what the dialect makes of the error. */
async function classify(sql: string, params: unknown[] = []) {
  const error = await conn.execute(sql, params).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, sql).toBeInstanceOf(Database.SqliteError);
  return sqliteDialect.classifyError(error);
}

describe("SQLite constraint errors", () => {
  it("unique, one column", async () => {
    expect(await classify(`INSERT INTO "users" ("email") VALUES (?)`, ["a@example.com"])).toEqual({
      kind: "unique",
      table: "users",
      columns: ["email"],
    });
  });

  it("unique, several columns", async () => {
    expect(await classify(`INSERT INTO "posts" ("title", "userId", "slot") VALUES ('Other', 1, 1)`)).toEqual({
      kind: "unique",
      table: "posts",
      columns: ["userId", "slot"],
    });
  });

  it("primary key is a unique violation", async () => {
    expect(await classify(`INSERT INTO "users" ("id", "email") VALUES (1, 'b@example.com')`)).toEqual({
      kind: "unique",
      table: "users",
      columns: ["id"],
    });
  });

  it("unique expression index names the index", async () => {
    expect(await classify(`INSERT INTO "posts" ("title", "userId") VALUES ('HELLO', 1)`)).toEqual({
      kind: "unique",
      constraint: "posts_title_lower_idx",
    });
  });

  it("unique on a column whose name has a quote in it", async () => {
    expect(await classify(`INSERT INTO "posts" ("title", "userId", "we""ird") VALUES ('x', 1, 'w')`)).toEqual({
      kind: "unique",
      table: "posts",
      columns: ['we"ird'],
    });
  });

  it("not null", async () => {
    expect(await classify(`INSERT INTO "posts" ("title", "userId") VALUES (NULL, 1)`)).toEqual({
      kind: "not-null",
      table: "posts",
      columns: ["title"],
    });
  });

  it("foreign key, without a location (SQLite gives none)", async () => {
    expect(await classify(`INSERT INTO "posts" ("title", "userId") VALUES ('x', 99)`)).toEqual({ kind: "foreign-key" });
    expect(await classify(`DELETE FROM "users" WHERE "id" = 1`)).toEqual({ kind: "foreign-key" });
  });

  it("check: a named constraint, an unnamed column CHECK, an unnamed table CHECK", async () => {
    expect(await classify(`INSERT INTO "posts" ("title", "userId") VALUES (?, 1)`, ["a title far too long to pass"])).toEqual({
      kind: "check",
      constraint: "posts_title_short",
    });
    expect(await classify(`INSERT INTO "users" ("email", "role") VALUES ('c@example.com', 'Owner')`)).toEqual({
      kind: "check",
      constraint: "role",
    });
    expect(await classify(`INSERT INTO "codes" ("a", "b") VALUES (2, 1)`)).toEqual({
      kind: "check",
      constraint: "a + b < 0",
    });
  });

  it("is not a constraint error: syntax errors, other SQLite errors, non-errors", async () => {
    expect(await classify(`INSERT INTO "nope" VALUES (1)`)).toBeUndefined();
    expect(await classify(`SELEC 1`)).toBeUndefined();
    expect(sqliteDialect.classifyError(new Error("UNIQUE constraint failed: t.a"))).toBeUndefined();
    expect(sqliteDialect.classifyError("UNIQUE constraint failed: t.a")).toBeUndefined();
    expect(sqliteDialect.classifyError(undefined)).toBeUndefined();
  });
});

describe("classifySqliteError on messages alone", () => {
  const error = (code: string, message: string) => Object.assign(new Error(message), { code });

  it("falls back to the message when the code is the plain SQLITE_CONSTRAINT", () => {
    expect(classifySqliteError(error("SQLITE_CONSTRAINT", "NOT NULL constraint failed: t.c"))).toEqual({
      kind: "not-null",
      table: "t",
      columns: ["c"],
    });
  });

  it("ignores constraint codes it does not model", () => {
    expect(classifySqliteError(error("SQLITE_CONSTRAINT_TRIGGER", "no"))).toBeUndefined();
  });
});
