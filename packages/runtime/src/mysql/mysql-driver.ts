import type { Readable } from "node:stream";
import * as mysql2 from "mysql2/promise";
import type { Connection, Driver, ExecuteResult, NamedRows } from "../driver/driver.js";
import { checkIsolation, PooledConnection, type IsolationLevel } from "../driver/pooled-connection.js";
import { mysqlDialect } from "./mysql-dialect.js";

/** Options of {@link mysql}. */
export interface MysqlOptions {
  /**
   * The isolation level of every transaction the runtime begins. Default: the
   * server's (InnoDB: `"repeatable read"`).
   */
  readonly isolation?: IsolationLevel;
  /**
   * How many prepared statements each connection of a pool the driver makes
   * keeps (mysql2's `maxPreparedStatements`, least recently used closed
   * first). Default 256. A caller's own pool keeps its own setting.
   */
  readonly preparedStatements?: number;
}

/** The per-connection prepared statement cache of a pool the driver makes. */
export const DEFAULT_PREPARED_STATEMENTS = 256;

/**
 * A statement with more parameters than this (a long IN list) is closed on the
 * server right after it ran instead of being cached: its text rarely repeats.
 */
const UNCACHED_PARAMS = 1000;

/** Statements sent as text: savepoints (transaction control goes through `control`). */
const UNPREPARED = /^\s*(SAVEPOINT|ROLLBACK|RELEASE)\b/i;

type Target = string | mysql2.Pool | mysql2.PoolOptions;

/**
 * A driver over a mysql2 pool, for MySQL and MariaDB: a connection URL
 * (`mysql://root@localhost/app`), pool options, or a `Pool` from
 * `mysql2/promise` the caller made (and keeps: `close()` leaves it open).
 * Each `acquire()` checks out one connection for one unit of work;
 * `release()` gives it back, or destroys it when it broke or still holds an
 * open transaction.
 */
export function mysql(target: Target, options: MysqlOptions = {}): Driver {
  checkIsolation(options.isolation);
  // SET TRANSACTION applies to the next transaction only: sent before each START TRANSACTION.
  const begin = options.isolation === undefined ? ["START TRANSACTION"] : [`SET TRANSACTION ISOLATION LEVEL ${options.isolation.toUpperCase()}`, "START TRANSACTION"];
  if (isPool(target)) return new MysqlDriver(target, false, begin);
  const maxPreparedStatements = options.preparedStatements ?? DEFAULT_PREPARED_STATEMENTS;
  const pool =
    typeof target === "string"
      ? mysql2.createPool({ uri: target, maxPreparedStatements })
      : mysql2.createPool({ maxPreparedStatements, ...target });
  // DATETIME has no zone: CURRENT_TIMESTAMP defaults and NOW() must write UTC,
  // as the runtime does. Queued before any statement of the new connection.
  // The callback keeps a failure (a connection that broke at once) from being an unhandled "error" event.
  type Core = { query(sql: string, callback: () => void): unknown };
  (pool as unknown as { on(event: "connection", listener: (c: Core) => void): unknown }).on("connection", (connection) =>
    connection.query("SET time_zone = '+00:00'", () => undefined),
  );
  return new MysqlDriver(pool, true, begin);
}

function isPool(target: Target): target is mysql2.Pool {
  return typeof target === "object" && typeof (target as { getConnection?: unknown }).getConnection === "function";
}

class MysqlDriver implements Driver {
  readonly dialect = mysqlDialect;
  /** A result is read off the socket as it comes: the connection is busy until its last row. */
  readonly streaming = { needsTransaction: false, exclusive: true };
  closed = false;

  constructor(
    readonly pool: mysql2.Pool,
    private readonly owned: boolean,
    readonly beginSql: readonly string[],
  ) {}

  async acquire(): Promise<Connection> {
    if (this.closed) throw new Error("The MySQL driver is closed.");
    return new MysqlConnection(this, await this.pool.getConnection());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) await this.pool.end();
  }
}

interface CoreConnection {
  execute(options: { sql: string; values: unknown[]; rowsAsArray: boolean }): { stream(options: { highWaterMark: number }): Readable };
  on(event: "error", listener: () => void): unknown;
  removeListener(event: "error", listener: () => void): unknown;
}

/**
 * Statements with values run as server-side prepared statements (`execute`):
 * values travel bound, never inside the SQL text, whatever the session's
 * `sql_mode` (NO_BACKSLASH_ESCAPES, ANSI_QUOTES). mysql2 caches the prepared
 * statements per connection (see {@link MysqlOptions.preparedStatements});
 * one with very many parameters is closed right after it ran. Transaction
 * control and `SET` carry no values and go through `query`. Values are
 * bound as {@link bindable} makes them.
 */
class MysqlConnection extends PooledConnection {
  private readonly onError = () => {
    this.broken = true;
  };

  constructor(
    driver: MysqlDriver,
    private readonly conn: mysql2.PoolConnection,
  ) {
    super(driver.beginSql, () => driver.closed, driver.dialect, "MySQL");
    // A pooled connection that dies emits "error"; unheard, it would crash the process.
    this.core.on("error", this.onError);
  }

  private get core(): CoreConnection {
    return (this.conn as unknown as { connection: CoreConnection }).connection;
  }

  async query(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    const [rows] = await this.guarded(sql, () => this.run(sql, params, true));
    // A statement without a result set answers with a header, not rows.
    return Array.isArray(rows) ? (rows as unknown[][]) : [];
  }

  async queryNamed(sql: string, params: readonly unknown[]): Promise<NamedRows> {
    const [rows, fields] = await this.guarded(sql, () => this.run(sql, params, true));
    if (!Array.isArray(rows)) return { columns: [], rows: [] };
    return { columns: ((fields ?? []) as { name: string }[]).map((f) => f.name), rows: rows as unknown[][] };
  }

  /**
   * The prepared statement's rows as they arrive, with backpressure: mysql2
   * pauses the socket while a batch waits to be taken. A result abandoned
   * halfway cannot be skipped on the protocol, so its connection is destroyed
   * on release instead of going back to the pool.
   */
  async *stream(sql: string, params: readonly unknown[], batchSize: number): AsyncIterableIterator<unknown[][]> {
    await this.guarded(sql, async () => undefined);
    const readable = this.core.execute({ sql, values: params.map(bindable), rowsAsArray: true }).stream({ highWaterMark: batchSize });
    let complete = false;
    try {
      let batch: unknown[][] = [];
      for await (const row of readable) {
        batch.push(row as unknown[]);
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
      complete = true;
      if (batch.length > 0) yield batch;
    } catch (error) {
      if (this.isFatal(error)) this.broken = true;
      throw error;
    } finally {
      if (!complete) {
        this.broken = true;
        readable.destroy();
      }
    }
  }

  async execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult> {
    const [result] = await this.guarded(sql, () => this.run(sql, params, false));
    const header = result as mysql2.ResultSetHeader;
    return header.insertId ? { changes: header.affectedRows, insertId: header.insertId } : { changes: header.affectedRows };
  }

  private async run(sql: string, params: readonly unknown[], rowsAsArray: boolean) {
    // Savepoints carry no values, and MySQL does not prepare every such statement.
    if (params.length === 0 && UNPREPARED.test(sql)) return this.conn.query({ sql, rowsAsArray });
    const values = params.map(bindable);
    try {
      return await this.conn.execute({ sql, values, rowsAsArray });
    } finally {
      if (params.length > UNCACHED_PARAMS) this.conn.unprepare({ sql, rowsAsArray });
    }
  }

  protected control(sql: string): Promise<unknown> {
    return this.conn.query(sql);
  }

  protected isFatal(error: unknown): boolean {
    return (error as { fatal?: unknown } | undefined)?.fatal === true;
  }

  /**
   * InnoDB rolls back the whole transaction on a deadlock (1213); other errors,
   * a lock wait timeout included, undo only the failing statement.
   */
  protected endsTransaction(error: unknown): boolean {
    const errno = (error as { errno?: unknown } | undefined)?.errno;
    return errno === 1213 || errno === 1020;
  }

  protected detach(): void {
    this.core.removeListener("error", this.onError);
  }

  protected giveBack(): void {
    this.conn.release();
  }

  protected destroy(): void {
    this.conn.destroy();
  }
}

/**
 * A value as `execute` binds it. mysql2 sends every JS number as a DOUBLE,
 * which MariaDB refuses for LIMIT and which rounds integers past 2^53 in
 * comparisons; integers are sent as BIGINT instead (mysql2 binds a bigint as
 * its decimal text, which the server converts exactly). `undefined`, which
 * `execute` refuses, is NULL as it was under `query`.
 */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  return value;
}
