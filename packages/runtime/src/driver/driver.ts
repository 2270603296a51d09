import type { Dialect } from "../dialect/dialect.js";

/**
 * What the runtime needs from a database library. Async from the first line:
 * SQLite answers synchronously, PostgreSQL and MySQL do not, and one session
 * code path serves all three.
 *
 * Rows come back as arrays in select-list order: the runtime knows which
 * column sits at which index, and arrays skip building a keyed object per row.
 */
export interface Driver {
  readonly dialect: Dialect;
  /**
   * A connection for one unit of work. A session holds it from BEGIN to
   * COMMIT/ROLLBACK and releases it after; reads outside a transaction take
   * one for a single statement. SQLite's single connection is handed out one
   * holder at a time.
   */
  acquire(): Promise<Connection>;
  /**
   * Present when the connections can stream a SELECT (`Connection.stream`):
   * how the stream holds its connection.
   */
  readonly streaming?: StreamingMode;
  /** Closes the database; later calls fail. */
  close(): Promise<void>;
}

export interface Connection {
  /** A statement that returns rows (SELECT, or INSERT ... RETURNING). */
  query(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  /** A statement that changes rows. `insertId` is the generated key where the engine reports one. */
  execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult>;
  /**
   * A statement's rows with its result column names (raw SQL's plain rows,
   * where the runtime did not write the select list). Optional: without it
   * `session.sql` returns no keyed rows.
   */
  queryNamed?(sql: string, params: readonly unknown[]): Promise<NamedRows>;
  /**
   * One SELECT's rows a batch at a time, never all of them at once. Ending the
   * iteration early (`return()`) closes what the stream opened. Present when
   * the driver declares `streaming`.
   */
  stream?(sql: string, params: readonly unknown[], batchSize: number): AsyncIterableIterator<unknown[][]>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Gives the connection back; a connection released inside a transaction is rolled back first. */
  release(): void;
}

export interface ExecuteResult {
  /** Rows changed. */
  readonly changes: number;
  readonly insertId?: number | bigint;
}

/** Rows as arrays plus the result's column names, in select-list order. */
export interface NamedRows {
  readonly columns: string[];
  readonly rows: unknown[][];
}

/** How a driver's `Connection.stream` holds its connection. */
export interface StreamingMode {
  /** The stream needs an open transaction on its connection (a PostgreSQL cursor). */
  readonly needsTransaction: boolean;
  /** The connection runs nothing else until the stream ends (MySQL's protocol). */
  readonly exclusive: boolean;
}
