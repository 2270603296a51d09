import { InvalidArgumentError } from "../../src/errors/value-errors.js";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Connection, Driver } from "../../src/driver/driver.js";
import { sqlite } from "../../src/sqlite/index.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function open(target: string | Database.Database = ":memory:", options?: Parameters<typeof sqlite>[1]): Driver {
  const driver = sqlite(target, options);
  cleanups.push(() => driver.close());
  return driver;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "relgen-sqlite-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

async function withTable(driver: Driver): Promise<Connection> {
  const conn = await driver.acquire();
  await conn.execute(`CREATE TABLE "t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "v" TEXT)`, []);
  return conn;
}

describe("sqlite() connection", () => {
  it("query returns rows as arrays in select-list order, with bound parameters", async () => {
    const conn = await withTable(open());
    await conn.execute(`INSERT INTO "t" ("v") VALUES (?), (?)`, ["a", "b"]);
    expect(await conn.query(`SELECT "v", "id" FROM "t" WHERE "id" >= ? ORDER BY "id"`, [1])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    conn.release();
  });

  it("execute reports changes and the generated rowid", async () => {
    const conn = await withTable(open());
    expect(await conn.execute(`INSERT INTO "t" ("v") VALUES (?)`, ["a"])).toEqual({ changes: 1, insertId: 1 });
    expect(await conn.execute(`INSERT INTO "t" ("v") VALUES (?)`, ["b"])).toEqual({ changes: 1, insertId: 2 });
    expect((await conn.execute(`UPDATE "t" SET "v" = ?`, ["c"])).changes).toBe(2);
    conn.release();
  });

  it("query runs INSERT ... RETURNING, and runs a statement without rows as no rows", async () => {
    const conn = await withTable(open());
    expect(await conn.query(`INSERT INTO "t" ("v") VALUES (?) RETURNING "id", "v"`, ["x"])).toEqual([[1, "x"]]);
    expect(await conn.query(`UPDATE "t" SET "v" = ?`, ["y"])).toEqual([]);
    expect(await conn.query(`SELECT "v" FROM "t"`, [])).toEqual([["y"]]);
    conn.release();
  });

  it("rethrows better-sqlite3's errors unchanged, as rejections", async () => {
    const conn = await withTable(open());
    const failure = conn.query(`SELECT "missing" FROM "t"`, []);
    await expect(failure).rejects.toBeInstanceOf(Database.SqliteError);
    await expect(failure).rejects.toMatchObject({ code: "SQLITE_ERROR", message: expect.stringMatching(/^no such column: "missing"/) });
    conn.release();
  });

  it("switches foreign keys on, also for a Database passed in", async () => {
    for (const driver of [open(), open(new Database(":memory:"))]) {
      const conn = await driver.acquire();
      expect(await conn.query("PRAGMA foreign_keys", [])).toEqual([[1]]);
      conn.release();
    }
  });

  it("puts a file database in WAL mode, and leaves :memory: as it is", async () => {
    const file = open(join(tempDir(), "app.db"));
    const conn = await file.acquire();
    expect(await conn.query("PRAGMA journal_mode", [])).toEqual([["wal"]]);
    conn.release();
    const memory = await open().acquire();
    expect(await memory.query("PRAGMA journal_mode", [])).toEqual([["memory"]]);
    memory.release();
  });

  it("opens a file read-only when asked", async () => {
    const path = join(tempDir(), "ro.db");
    const writer = open(path);
    (await withTable(writer)).release();
    await writer.close();
    const conn = await open(path, { readonly: true }).acquire();
    expect(await conn.query(`SELECT count(*) FROM "t"`, [])).toEqual([[0]]);
    await expect(conn.execute(`INSERT INTO "t" ("v") VALUES ('x')`, [])).rejects.toMatchObject({ code: "SQLITE_READONLY" });
    await conn.begin(); // a read transaction still works
    await conn.commit();
    conn.release();
  });
});

describe("sqlite() transactions", () => {
  it("begin/commit keeps the writes, begin/rollback drops them", async () => {
    const driver = open();
    const conn = await withTable(driver);
    await conn.begin();
    await conn.execute(`INSERT INTO "t" ("v") VALUES ('kept')`, []);
    await conn.commit();
    await conn.begin();
    await conn.execute(`INSERT INTO "t" ("v") VALUES ('dropped')`, []);
    await conn.rollback();
    expect(await conn.query(`SELECT "v" FROM "t"`, [])).toEqual([["kept"]]);
    conn.release();
  });

  it("begins with BEGIN IMMEDIATE: the write lock is taken at once", async () => {
    const path = join(tempDir(), "lock.db");
    const conn = await withTable(open(path));
    const other = new Database(path, { timeout: 0 });
    cleanups.push(() => other.close());
    await conn.begin();
    expect(() => other.prepare(`BEGIN IMMEDIATE`).run()).toThrow(/database is locked/);
    await conn.rollback();
    conn.release();
  });

  // RAISE(ROLLBACK) in a trigger ends the whole transaction; without the check the next statement would autocommit.
  it("a transaction SQLite ended by itself stays ended: later statements and COMMIT are refused, nothing is kept", async () => {
    const db = new Database(":memory:");
    db.exec(`CREATE TABLE t (x INTEGER); CREATE TABLE guarded (x INTEGER);
      CREATE TRIGGER no_guarded BEFORE INSERT ON guarded BEGIN SELECT RAISE(ROLLBACK, 'guarded is read-only'); END;`);
    const conn = await sqlite(db).acquire();
    await conn.begin();
    await conn.execute("INSERT INTO t VALUES (1)", []);
    await expect(conn.execute("INSERT INTO guarded VALUES (1)", [])).rejects.toThrow(/read-only/);
    await expect(conn.execute("INSERT INTO t VALUES (2)", [])).rejects.toMatchObject({ name: "TransactionAbortedError" });
    await expect(conn.commit()).rejects.toThrow(/ended this transaction/);
    expect(db.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 0 });
    // The next transaction on the same connection works.
    await conn.begin();
    await conn.execute("INSERT INTO t VALUES (3)", []);
    await conn.commit();
    expect(db.prepare("SELECT x FROM t").all()).toEqual([{ x: 3 }]);
    conn.release();
    db.close();
  });

  it("rollback without an open transaction is a no-op", async () => {
    const conn = await withTable(open());
    await expect(conn.rollback()).resolves.toBeUndefined();
    conn.release();
  });

  it("release() inside a transaction rolls it back", async () => {
    const db = new Database(":memory:");
    const driver = open(db);
    const conn = await withTable(driver);
    await conn.begin();
    await conn.execute(`INSERT INTO "t" ("v") VALUES ('lost')`, []);
    expect(db.inTransaction).toBe(true);
    conn.release();
    expect(db.inTransaction).toBe(false);
    const next = await driver.acquire();
    expect(await next.query(`SELECT count(*) FROM "t"`, [])).toEqual([[0]]);
    next.release();
  });
});

describe("sqlite() single connection", () => {
  it("hands the connection to one holder at a time, in arrival order", async () => {
    const driver = open();
    const first = await driver.acquire();
    const got: string[] = [];
    const second = driver.acquire().then((c) => (got.push("second"), c));
    const third = driver.acquire().then((c) => (got.push("third"), c));
    await settle();
    expect(got).toEqual([]);
    first.release();
    const secondConn = await second;
    await settle();
    expect(got).toEqual(["second"]);
    secondConn.release();
    (await third).release();
    expect(got).toEqual(["second", "third"]);
  });

  it("serialises two holders' transactions: no statement of one runs inside the other", async () => {
    const driver = open();
    (await withTable(driver)).release();
    const unit = async (name: string) => {
      const conn = await driver.acquire();
      try {
        await conn.begin();
        for (let i = 0; i < 3; i++) {
          await conn.execute(`INSERT INTO "t" ("v") VALUES (?)`, [`${name}${i}`]);
          await settle(); // give the other holder every chance to interleave
        }
        await conn.commit();
      } finally {
        conn.release();
      }
    };
    await Promise.all([unit("a"), unit("b")]);
    const conn = await driver.acquire();
    const values = (await conn.query(`SELECT "v" FROM "t" ORDER BY "id"`, [])).map((r) => r[0]);
    expect(values).toEqual(["a0", "a1", "a2", "b0", "b1", "b2"]);
    conn.release();
  });

  it("a released handle can no longer run statements; release twice is harmless", async () => {
    const driver = open();
    const conn = await driver.acquire();
    conn.release();
    conn.release();
    await expect(conn.query("SELECT 1", [])).rejects.toThrow(/released/);
    await expect(conn.begin()).rejects.toThrow(/released/);
    const again = await driver.acquire(); // not blocked by the double release
    const waiting = driver.acquire();
    conn.release(); // a stale handle must not hand over the live one
    let handed = false;
    void waiting.then(() => (handed = true));
    await settle();
    expect(handed).toBe(false);
    again.release();
    (await waiting).release();
  });
});

describe("sqlite() statement cache", () => {
  function countPrepares(db: Database.Database) {
    const spy = vi.spyOn(db, "prepare");
    return {
      count: (sql: string) => spy.mock.calls.filter(([s]) => s === sql).length,
      statements: (sql: string) =>
        spy.mock.calls.flatMap(([s], i) => (s === sql ? [spy.mock.results[i]?.value as unknown] : [])),
    };
  }

  it("prepares a statement once and reuses the same Statement for the same SQL", async () => {
    const db = new Database(":memory:");
    const driver = open(db);
    const prepares = countPrepares(db);
    const allSpy = vi.spyOn(Object.getPrototypeOf(db.prepare("SELECT 1")) as { all: () => unknown }, "all");
    cleanups.push(() => allSpy.mockRestore());
    const conn = await driver.acquire();
    const sql = "SELECT ? + 1";
    expect(await conn.query(sql, [1])).toEqual([[2]]);
    expect(await conn.query(sql, [2])).toEqual([[3]]);
    expect(await conn.query(sql, [3])).toEqual([[4]]);
    expect(prepares.count(sql)).toBe(1);
    const [prepared] = prepares.statements(sql);
    const used = allSpy.mock.contexts.slice(-3);
    expect(used).toEqual([prepared, prepared, prepared]);
    expect(used.every((s) => s === prepared)).toBe(true);
    conn.release();
  });

  it("is bounded: the least recently used statement is evicted and prepared again", async () => {
    const db = new Database(":memory:");
    const driver = open(db, { statementCacheSize: 3 });
    const prepares = countPrepares(db);
    const conn = await driver.acquire();
    const s = (n: number) => `SELECT ${n}`;
    for (const n of [1, 2, 3, 1, 4]) await conn.query(s(n), []); // 1 used again, so 4 evicts 2
    expect([1, 2, 3, 4].map((n) => prepares.count(s(n)))).toEqual([1, 1, 1, 1]);
    await conn.query(s(1), []);
    await conn.query(s(3), []);
    expect(prepares.count(s(1))).toBe(1);
    expect(prepares.count(s(3))).toBe(1);
    await conn.query(s(2), []);
    expect(prepares.count(s(2))).toBe(2);
    conn.release();
  });

  it("a statement run many times in a row stays the most recently used", async () => {
    const db = new Database(":memory:");
    const driver = open(db, { statementCacheSize: 2 });
    const prepares = countPrepares(db);
    const conn = await driver.acquire();
    const s = (n: number) => `SELECT ${n}`;
    for (const n of [1, 2, 2, 2, 1, 1, 3]) await conn.query(s(n), []); // 1 used after 2, so 3 evicts 2
    expect([1, 2, 3].map((n) => prepares.count(s(n)))).toEqual([1, 1, 1]);
    await conn.query(s(1), []);
    expect(prepares.count(s(1))).toBe(1);
    await conn.query(s(2), []); // evicts 3: 1 was used after it
    await conn.query(s(1), []);
    expect([1, 2, 3].map((n) => prepares.count(s(n)))).toEqual([1, 2, 1]);
    await conn.query(s(3), []);
    expect(prepares.count(s(3))).toBe(2);
    conn.release();
  });

  it("keeps 500 statements by default", async () => {
    const db = new Database(":memory:");
    const driver = open(db);
    const prepares = countPrepares(db);
    const conn = await driver.acquire();
    for (let n = 0; n < 500; n++) await conn.query(`SELECT ${n}`, []);
    await conn.query(`SELECT 0`, []);
    expect(prepares.count(`SELECT 0`)).toBe(1);
    await conn.query(`SELECT 500`, []); // evicts SELECT 1, the least recently used now
    await conn.query(`SELECT 2`, []);
    expect(prepares.count(`SELECT 2`)).toBe(1);
    await conn.query(`SELECT 1`, []);
    expect(prepares.count(`SELECT 1`)).toBe(2);
    conn.release();
  });

  it("rejects a cache size that is not a positive integer", () => {
    expect(() => sqlite(":memory:", { statementCacheSize: 0 })).toThrow(InvalidArgumentError);
  });
});

describe("sqlite() close", () => {
  it("closes a database it opened; later acquires and pending waiters fail", async () => {
    const path = join(tempDir(), "closed.db");
    const driver = sqlite(path);
    const conn = await withTable(driver);
    const waiting = driver.acquire();
    await driver.close();
    await expect(waiting).rejects.toThrow(/closed/);
    await expect(driver.acquire()).rejects.toThrow(/closed/);
    await expect(conn.query("SELECT 1", [])).rejects.toThrow(/closed/);
    conn.release();
    // The file is free again: another connection can take the write lock at once.
    const other = new Database(path, { timeout: 0 });
    other.prepare("BEGIN IMMEDIATE").run();
    other.close();
  });

  it("leaves a Database passed in open, and not inside the driver's transaction", async () => {
    const db = new Database(":memory:");
    const driver = sqlite(db);
    const conn = await withTable(driver);
    await conn.begin();
    await conn.execute(`INSERT INTO "t" ("v") VALUES ('x')`, []);
    await driver.close();
    expect(db.open).toBe(true);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare(`SELECT count(*) AS n FROM "t"`).get()).toEqual({ n: 0 });
    db.close();
  });
});
