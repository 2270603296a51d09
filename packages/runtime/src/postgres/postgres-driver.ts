import { RelgenError } from "../errors/relgen-error.js";
import pg from "pg";
import type { Connection, Driver, ExecuteResult, NamedRows } from "../driver/driver.js";
import { checkIsolation, PooledConnection, type IsolationLevel } from "../driver/pooled-connection.js";
import { postgresDialect } from "./postgres-dialect.js";

/** Options of {@link postgres}. */
export interface PostgresOptions {
  /**
   * The isolation level of every transaction the runtime begins. Default
   * `"read committed"` (PostgreSQL's own). Under `"serializable"` a
   * conflicting transaction fails with a retryable `TransactionConflictError`.
   */
  readonly isolation?: IsolationLevel;
}

/**
 * A driver over a pg `Pool`: a connection URL (`postgres://user@host/db`),
 * pool options, or a `Pool` the caller made (and keeps: `close()` leaves it
 * open). Each `acquire()` checks out one client for one unit of work;
 * `release()` gives it back, or destroys it when it broke or still holds an
 * open transaction, so the pool never hands out a poisoned client.
 */
export function postgres(target: string | pg.Pool | pg.PoolConfig, options: PostgresOptions = {}): Driver {
  checkIsolation(options.isolation);
  const begin = options.isolation === undefined ? "BEGIN" : `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}`;
  if (target instanceof pg.Pool) return new PostgresDriver(target, false, begin);
  const config = typeof target === "string" ? { connectionString: target } : target;
  return new PostgresDriver(new pg.Pool(config), true, begin);
}

class PostgresDriver implements Driver {
  readonly dialect = postgresDialect;
  /** A cursor lives in a transaction; the connection runs other statements between FETCHes. */
  readonly streaming = { needsTransaction: true, exclusive: false };
  closed = false;

  constructor(
    readonly pool: pg.Pool,
    private readonly owned: boolean,
    readonly beginSql: string,
  ) {
    // An idle client the server drops emits "error" on the pool; without a
    // listener Node would end the process. The pool discards that client itself.
    if (owned) pool.on("error", () => undefined);
  }

  async acquire(): Promise<Connection> {
    if (this.closed) throw new RelgenError("The PostgreSQL driver is closed.");
    return new PostgresConnection(this, await this.pool.connect());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) await this.pool.end();
  }
}

class PostgresConnection extends PooledConnection {
  private failure: Error | undefined;
  private cursors = 0;
  private readonly onError = (error: Error) => {
    this.failure = error;
    this.broken = true;
  };

  constructor(
    driver: PostgresDriver,
    private readonly client: pg.PoolClient,
  ) {
    super([driver.beginSql], () => driver.closed, driver.dialect, "PostgreSQL");
    // A checked-out client whose socket fails emits "error"; unheard, it would crash the process.
    client.on("error", this.onError);
  }

  async query(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    return (await this.guarded(sql, () => this.send(sql, params))).rows as unknown[][];
  }

  async queryNamed(sql: string, params: readonly unknown[]): Promise<NamedRows> {
    const result = await this.guarded(sql, () => this.send(sql, params));
    return { columns: (result.fields ?? []).map((f) => f.name), rows: (result.rows ?? []) as unknown[][] };
  }

  /**
   * `DECLARE ... CURSOR FOR <sql>` with the values bound (the extended protocol
   * binds DECLARE's parameters into its query), then `FETCH FORWARD n` per
   * batch; `CLOSE` when done or abandoned. The caller holds a transaction open.
   */
  async *stream(sql: string, params: readonly unknown[], batchSize: number): AsyncIterableIterator<unknown[][]> {
    // FETCH takes no parameters: the count is written into the text, so it must be a plain integer.
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RelgenError(`A stream's batch size must be a positive integer, not ${String(batchSize)}.`);
    const cursor = `relgen_stream_${++this.cursors}`;
    await this.guarded(sql, () => this.send(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, params));
    try {
      for (;;) {
        const rows = (await this.guarded(sql, () => this.send(`FETCH FORWARD ${batchSize} FROM ${cursor}`, []))).rows as unknown[][];
        if (rows.length > 0) yield rows;
        if (rows.length < batchSize) return;
      }
    } finally {
      // After an error the transaction is aborted and takes the cursor with it.
      await this.guarded(sql, () => this.send(`CLOSE ${cursor}`, [])).catch(() => undefined);
    }
  }

  async execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult> {
    return { changes: (await this.guarded(sql, () => this.send(sql, params))).rowCount ?? 0 };
  }

  protected control(sql: string): Promise<unknown> {
    return this.send(sql, []);
  }

  private send(sql: string, params: readonly unknown[]): Promise<pg.QueryArrayResult> {
    return this.client.query({ text: sql, values: params as unknown[], rowMode: "array" });
  }

  /** A server error carries a five-character SQLSTATE; of those, only 57P0x and class 08 end the session. */
  protected isFatal(error: unknown): boolean {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith("57P") || code.startsWith("08");
    return true;
  }

  /** Any error inside a PostgreSQL transaction aborts it (until ROLLBACK or ROLLBACK TO SAVEPOINT). */
  protected endsTransaction(): boolean {
    return true;
  }

  protected detach(): void {
    this.client.off("error", this.onError);
  }

  protected giveBack(): void {
    this.client.release();
  }

  protected destroy(): void {
    this.client.release(this.failure ?? true);
  }
}
