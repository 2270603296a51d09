import { RelgenError } from "../errors/relgen-error.js";
import { SessionStateError } from "../errors/usage-errors.js";
import { InvalidArgumentError } from "../errors/value-errors.js";
import type Database from "better-sqlite3";
import { createRequire } from "node:module";
import { MissingDriverError } from "../migrate/errors.js";
import type { Connection, Driver, ExecuteResult, NamedRows } from "../driver/driver.js";
import { transactionEnded, type TransactionAbortedError } from "../errors/transient-errors.js";
import { sqliteDialect } from "./sqlite-dialect.js";

/** Options of {@link sqlite}. */
export interface SqliteOptions {
  /** Open the file read-only. Ignored when an open `Database` is passed. */
  readonly readonly?: boolean;
  /** Prepared statements kept per database, least recently used evicted first. Default 500. */
  readonly statementCacheSize?: number;
}

const DEFAULT_STATEMENT_CACHE_SIZE = 500;

/**
 * A driver over better-sqlite3: a file path, `":memory:"`, or a `Database`
 * the caller opened (and keeps: `close()` leaves it open).
 *
 * Foreign keys are switched on (cascades rely on them); a file database this
 * function opens is put in WAL mode. SQLite has one writer, so the driver has
 * one connection and hands it to one holder at a time: `acquire()` waits
 * until the previous holder releases it. Errors from better-sqlite3 come out
 * unchanged; the dialect classifies them.
 */
export function sqlite(target: string | Database.Database, options: SqliteOptions = {}): Driver {
  const cacheSize = options.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE;
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 1) {
    throw new InvalidArgumentError(`statementCacheSize must be a positive integer, got ${String(cacheSize)}`);
  }
  const owned = typeof target === "string";
  const db = owned ? new (loadBetterSqlite3())(target, { readonly: options.readonly ?? false }) : target;
  try {
    db.pragma("foreign_keys = ON");
    if (owned && !db.memory && !db.readonly) db.pragma("journal_mode = WAL");
    return new SqliteDriver(db, owned, cacheSize);
  } catch (error) {
    if (owned) db.close();
    throw error;
  }
}

/**
 * better-sqlite3 is an optional peer (native code PostgreSQL and MySQL users
 * should not have to build), so it is required only when a path is opened.
 * `require` keeps `sqlite()` synchronous; the package is CommonJS anyway.
 */
export function loadBetterSqlite3(): typeof Database {
  try {
    return createRequire(import.meta.url)("better-sqlite3") as typeof Database;
  } catch (error) {
    if ((error as { code?: unknown }).code === "MODULE_NOT_FOUND" && String((error as Error).message).includes("'better-sqlite3'"))
      throw new MissingDriverError("better-sqlite3", { cause: error });
    throw error;
  }
}

interface Waiter {
  resolve(connection: Connection): void;
  reject(error: Error): void;
}

class SqliteDriver implements Driver {
  readonly dialect = sqliteDialect;
  readonly db: Database.Database;
  readonly statements: StatementCache;
  readonly begin: Database.Statement;
  readonly commit: Database.Statement;
  readonly rollback: Database.Statement;
  closed = false;
  private readonly owned: boolean;
  private holder: SqliteConnection | undefined;
  private readonly waiters: Waiter[] = [];

  constructor(db: Database.Database, owned: boolean, cacheSize: number) {
    this.db = db;
    this.owned = owned;
    this.statements = new StatementCache(db, cacheSize);
    // IMMEDIATE takes the write lock at BEGIN, so a flush cannot fail halfway
    // on SQLITE_BUSY; a read-only database can never take it.
    this.begin = db.prepare(db.readonly ? "BEGIN" : "BEGIN IMMEDIATE");
    this.commit = db.prepare("COMMIT");
    this.rollback = db.prepare("ROLLBACK");
  }

  acquire(): Promise<Connection> {
    if (this.closed) return Promise.reject(closedError());
    if (this.holder === undefined) {
      this.holder = new SqliteConnection(this);
      return Promise.resolve(this.holder);
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Called once by the holder's `release()`: the next waiter, in arrival order, gets a fresh handle. */
  handOver(from: SqliteConnection): void {
    if (this.holder !== from) return;
    const next = this.waiters.shift();
    if (next === undefined) {
      this.holder = undefined;
      return;
    }
    this.holder = new SqliteConnection(this);
    next.resolve(this.holder);
  }

  rollbackOpenTransaction(): void {
    if (this.db.open && this.db.inTransaction) this.rollback.run();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(closedError());
    // A caller's Database outlives the driver: leave it as it was before, not mid-transaction.
    if (this.holder !== undefined) this.rollbackOpenTransaction();
    this.statements.clear();
    if (this.owned) this.db.close();
  }
}

/**
 * One holder's handle on the connection. A new handle per `acquire()`, so a
 * handle used after its `release()` fails instead of running statements in
 * the next holder's transaction.
 */
class SqliteConnection implements Connection {
  private released = false;
  /** This holder began a transaction and has not ended it. */
  private began = false;

  constructor(private readonly driver: SqliteDriver) {}

  async query(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    const statement = this.statement(sql);
    // A statement that returns no rows is run rather than refused: its answer is no rows.
    if (!statement.reader) {
      statement.run(params);
      return [];
    }
    return statement.all(params) as unknown[][];
  }

  async queryNamed(sql: string, params: readonly unknown[]): Promise<NamedRows> {
    const statement = this.statement(sql);
    if (!statement.reader) {
      statement.run(params);
      return { columns: [], rows: [] };
    }
    return { columns: statement.columns().map((c) => c.name), rows: statement.all(params) as unknown[][] };
  }

  async execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult> {
    const info = this.statement(sql).run(params);
    return { changes: info.changes, insertId: info.lastInsertRowid };
  }

  async begin(): Promise<void> {
    this.check();
    this.driver.begin.run();
    this.began = true;
  }

  async commit(): Promise<void> {
    this.check();
    if (this.began && !this.driver.db.inTransaction) {
      this.began = false;
      throw this.ended("COMMIT");
    }
    this.began = false;
    this.driver.commit.run();
  }

  /**
   * A no-op when no transaction is open: SQLite ends one by itself on some
   * errors, and a ROLLBACK failing then would hide the error that caused it.
   */
  async rollback(): Promise<void> {
    this.check();
    this.began = false;
    this.driver.rollbackOpenTransaction();
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      if (!this.driver.closed) this.driver.rollbackOpenTransaction();
    } finally {
      this.driver.handOver(this);
    }
  }

  private statement(sql: string): Database.Statement {
    this.check();
    // SQLite ends a transaction by itself on some errors (RAISE(ROLLBACK), a full disk);
    // what follows would run outside it, each statement committed on its own.
    if (this.began && !this.driver.db.inTransaction) throw this.ended(sql);
    return this.driver.statements.get(sql);
  }

  private check(): void {
    if (this.driver.closed) throw closedError();
    if (this.released) throw new SessionStateError("This SQLite connection was released; acquire() a new one.");
  }

  private ended(sql: string): TransactionAbortedError {
    return transactionEnded("SQLite", sql, undefined, false);
  }
}

/**
 * Prepared statements by SQL text, least recently used evicted first. A Map
 * keeps insertion order, so re-inserting on every hit makes its first key
 * the least recently used.
 */
class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly capacity: number,
  ) {}

  /** The statement used last: a loop runs one statement many times, and it needs no move to the end. */
  private last: string | undefined;

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement !== undefined) {
      if (sql !== this.last) {
        this.statements.delete(sql);
        this.statements.set(sql, statement);
        this.last = sql;
      }
      return statement;
    }
    statement = this.db.prepare(sql);
    // Rows as arrays in select-list order, as the Driver contract says; set
    // once here rather than on every call.
    if (statement.reader) statement.raw(true);
    if (this.statements.size >= this.capacity) {
      const oldest = this.statements.keys().next();
      if (!oldest.done) this.statements.delete(oldest.value);
    }
    this.statements.set(sql, statement);
    this.last = sql;
    return statement;
  }

  clear(): void {
    this.statements.clear();
    this.last = undefined;
  }
}

function closedError(): Error {
  return new RelgenError("The SQLite driver is closed.");
}
