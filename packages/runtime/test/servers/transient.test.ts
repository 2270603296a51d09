import { InvalidArgumentError } from "../../src/errors/value-errors.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TransientKind } from "../../src/dialect/dialect.js";
import type { Connection, Driver } from "../../src/driver/driver.js";
import { retryTransaction } from "../../src/engine/retry.js";
import { translateTransient } from "../../src/engine/transient.js";
import { ConnectionLostError, isRetryable, TransactionConflictError } from "../../src/errors/transient-errors.js";
import { mysqlDialect } from "../../src/mysql/index.js";
import { postgresDialect } from "../../src/postgres/index.js";
import { describeServers, type Sandbox, type ServerName } from "../support/servers.js";

// Conflicts and lost connections provoked on real servers: the errors the
// servers and libraries really raise must be the ones the dialects classify,
// and a broken connection must not go back to the pool.

interface EngineTransient {
  readonly table: string;
  /** Sets up `conn` so that a write over a row changed since its snapshot fails (MariaDB needs a switch). */
  readonly snapshotSetup: readonly string[];
  /** A locking read that fails at once instead of waiting for a lock. */
  readonly lockNowait: string;
  /** Statements, run on the locking-read connection first, that make it give up at once. */
  readonly nowaitSetup: readonly string[];
  readonly sessionSql: string;
  /** Ends the server session given as the one parameter, from another connection. */
  readonly killSql: string;
}

const ENGINES: { readonly [name in ServerName]: EngineTransient } = {
  postgres: {
    table: `CREATE TABLE "acct" ("id" integer NOT NULL PRIMARY KEY, "n" integer NOT NULL)`,
    snapshotSetup: [],
    lockNowait: `SELECT "n" FROM "acct" WHERE "id" = 1 FOR UPDATE NOWAIT`,
    nowaitSetup: [],
    sessionSql: "SELECT pg_backend_pid()",
    killSql: "SELECT pg_terminate_backend($1)",
  },
  mariadb: {
    table: "CREATE TABLE `acct` (`id` INT NOT NULL PRIMARY KEY, `n` INT NOT NULL) ENGINE=InnoDB",
    // Off by default before MariaDB 11.6; then a stale write is silently applied instead of refused.
    snapshotSetup: ["SET SESSION innodb_snapshot_isolation = ON"],
    lockNowait: "UPDATE `acct` SET `n` = `n` WHERE `id` = 1",
    nowaitSetup: ["SET SESSION innodb_lock_wait_timeout = 0"],
    sessionSql: "SELECT CONNECTION_ID()",
    killSql: "KILL ?",
  },
};

/** The error `promise` rejects with (failing the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("the statement was expected to fail"),
    (error: unknown) => error,
  );
}

describeServers("server transient failures", (server) => {
  const d = server.dialect;
  const q = (name: string) => d.quote(name);
  const engine = ENGINES[server.name];
  const update = (id: number) => `UPDATE ${q("acct")} SET ${q("n")} = ${q("n")} + 1 WHERE ${q("id")} = ${id}`;

  let sandbox: Sandbox;
  let driver: Driver;
  const held: Connection[] = [];
  const acquire = async (from: Driver = driver) => {
    const conn = await from.acquire();
    held.push(conn);
    return conn;
  };

  beforeAll(async () => {
    sandbox = await server.sandbox("transient");
    driver = sandbox.driver();
    const conn = await driver.acquire();
    await conn.execute(engine.table, []);
    conn.release();
  });

  beforeEach(async () => {
    const conn = await acquire();
    await conn.execute(`DELETE FROM ${q("acct")}`, []);
    await conn.execute(`INSERT INTO ${q("acct")} (${q("id")}, ${q("n")}) VALUES (1, 0), (2, 0)`, []);
    return async () => {
      for (const c of held.splice(0)) {
        await c.rollback().catch(() => undefined);
        c.release();
      }
    };
  });

  afterAll(async () => {
    await sandbox?.drop();
  });

  /** The dialect's reading of `error`, and the runtime's typed error for it. */
  function translated(error: unknown, sql: string, kind: TransientKind) {
    expect(d.classifyTransient?.(error), String(error)).toBe(kind);
    return translateTransient(error, d, sql);
  }

  it("a deadlock: one of the two transactions is refused, retryably, the other goes on", async () => {
    const [a, b] = [await acquire(), await acquire()];
    await a.begin();
    await b.begin();
    await a.execute(update(1), []);
    await b.execute(update(2), []);
    const results = await Promise.allSettled([a.execute(update(2), []), b.execute(update(1), [])]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(1);
    const error = translated(refused[0]!.reason, update(1), "deadlock");
    expect(error).toBeInstanceOf(TransactionConflictError);
    expect(error).toMatchObject({ reason: "deadlock", retryable: true });
    const winner = results[0]!.status === "fulfilled" ? a : b;
    await winner.commit();
    const check = await acquire();
    // Only the winner's two updates were written.
    expect((await check.query(`SELECT ${q("n")} FROM ${q("acct")} ORDER BY ${q("id")}`, [])).map((r) => Number(r[0]))).toEqual([1, 1]);
  });

  // PostgreSQL aborts a transaction at a deadlock; InnoDB rolls it back and would run what follows in autocommit.
  it("after a deadlock the loser's transaction stays ended: later statements and COMMIT are refused, nothing is written", async () => {
    const [a, b] = [await acquire(), await acquire()];
    await a.begin();
    await b.begin();
    await a.execute(update(1), []);
    await b.execute(update(2), []);
    const results = await Promise.allSettled([a.execute(update(2), []), b.execute(update(1), [])]);
    const [winner, loser] = results[0]!.status === "fulfilled" ? [a, b] : [b, a];
    await winner.commit();
    await expect(loser.execute(update(1), [])).rejects.toMatchObject({ name: "TransactionAbortedError", retryable: true });
    await expect(loser.commit()).rejects.toThrow(/ended this transaction at an earlier error/);
    // The connection is usable again, and the refused update wrote nothing.
    expect((await loser.query(`SELECT ${q("n")} FROM ${q("acct")} ORDER BY ${q("id")}`, [])).map((r) => Number(r[0]))).toEqual([1, 1]);
  });

  it("ROLLBACK TO SAVEPOINT after a failed statement lets the transaction go on where the server allows it", async () => {
    const conn = await acquire();
    await conn.begin();
    await conn.execute(update(1), []);
    await conn.execute("SAVEPOINT s", []);
    await expect(conn.execute(`INSERT INTO ${q("acct")} (${q("id")}, ${q("n")}) VALUES (1, 0)`, [])).rejects.toThrow();
    await conn.execute("ROLLBACK TO SAVEPOINT s", []);
    await conn.execute(update(2), []);
    await conn.commit();
    expect((await conn.query(`SELECT ${q("n")} FROM ${q("acct")} ORDER BY ${q("id")}`, [])).map((r) => Number(r[0]))).toEqual([1, 1]);
  });

  it("a lock that cannot be had at once is a retryable lock timeout", async () => {
    const [a, b] = [await acquire(), await acquire()];
    for (const sql of engine.nowaitSetup) await b.execute(sql, []);
    await a.begin();
    await a.execute(update(1), []);
    await b.begin();
    const error = translated(await failure(b.query(engine.lockNowait, [])), engine.lockNowait, "lock-timeout");
    expect(error).toMatchObject({ name: "TransactionConflictError", reason: "lock-timeout" });
    expect(isRetryable(error)).toBe(true);
  });

  // On MariaDB with innodb_snapshot_isolation this is ER_CHECKREAD (errno 1020).
  it(
    "a write over a row changed since the transaction's snapshot is a retryable serialization failure",
    async () => {
      const rr = sandbox.driver({ isolation: "repeatable read" });
      const [a, b] = [await acquire(rr), await acquire()];
      for (const sql of engine.snapshotSetup) await a.execute(sql, []);
      await a.begin();
      await a.query(`SELECT ${q("n")} FROM ${q("acct")} WHERE ${q("id")} = 1`, []);
      await b.execute(update(1), []);
      const error = translated(await failure(a.execute(update(1), [])), update(1), "serialization");
      expect(error).toMatchObject({ name: "TransactionConflictError", reason: "serialization", retryable: true });
    },
  );

  it("a connection the server ended is lost, and is not given back to the pool", async () => {
    const single = sandbox.driver({}, server.name === "postgres" ? { max: 1 } : { connectionLimit: 1 });
    const victim = await single.acquire();
    const session = Number(((await victim.query(engine.sessionSql, [])) as [[unknown]])[0][0]);
    const killer = await acquire();
    await killer.query(engine.killSql, [session]);
    const sql = `SELECT ${q("n")} FROM ${q("acct")}`;
    const error = translated(await failure(victim.query(sql, [])), sql, "connection-lost");
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(error).toMatchObject({ outcomeUnknown: false, retryable: true });
    victim.release();
    // The pool's only slot holds a new, working session.
    const next = await single.acquire();
    try {
      expect(Number(((await next.query(engine.sessionSql, [])) as [[unknown]])[0][0])).not.toBe(session);
      expect(await next.query(`SELECT count(*) FROM ${q("acct")}`, [])).toHaveLength(1);
    } finally {
      next.release();
    }
  });
});

describe("retryTransaction over the server dialects' errors", () => {
  const conflict = translateTransient(Object.assign(new Error("deadlock detected"), { code: "40P01" }), postgresDialect, "UPDATE x");
  const lostInCommit = translateTransient(
    Object.assign(new Error("Connection lost"), { code: "PROTOCOL_CONNECTION_LOST", fatal: true }),
    mysqlDialect,
    "COMMIT",
  );

  it("runs the work again after a retryable failure, counting attempts from 1", async () => {
    const attempts: number[] = [];
    const result = await retryTransaction(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw conflict;
        return "done";
      },
      { baseDelayMs: 0 },
    );
    expect(result).toBe("done");
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("throws the last error after the given number of attempts", async () => {
    let runs = 0;
    await expect(retryTransaction(async () => (runs++, Promise.reject(conflict)), { attempts: 2, baseDelayMs: 0 })).rejects.toBe(conflict);
    expect(runs).toBe(2);
  });

  it("does not run again after a COMMIT whose outcome is unknown, nor after any other error", async () => {
    for (const error of [lostInCommit, new Error("constraint")]) {
      let runs = 0;
      await expect(retryTransaction(async () => (runs++, Promise.reject(error)), { baseDelayMs: 0 })).rejects.toBe(error);
      expect(runs).toBe(1);
    }
  });

  it("rejects an attempt count that is not a positive integer", async () => {
    await expect(retryTransaction(async () => 1, { attempts: 0 })).rejects.toThrow(InvalidArgumentError);
  });
});
