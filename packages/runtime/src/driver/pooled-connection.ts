import { InvalidArgumentError } from "../errors/value-errors.js";
import { RelgenError } from "../errors/relgen-error.js";
import { SessionStateError } from "../errors/usage-errors.js";
import type { Connection, ExecuteResult } from "./driver.js";
import type { Dialect } from "../dialect/dialect.js";
import { ConnectionLostError, transactionEnded, type TransactionAbortedError } from "../errors/transient-errors.js";

export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

export const ISOLATION_LEVELS: readonly IsolationLevel[] = ["read committed", "repeatable read", "serializable"];

/** Rejects an isolation level that is not one of {@link ISOLATION_LEVELS} (a typo in plain JavaScript). */
export function checkIsolation(level: IsolationLevel | undefined): void {
  if (level !== undefined && !ISOLATION_LEVELS.includes(level)) {
    throw new InvalidArgumentError(`isolation must be one of ${ISOLATION_LEVELS.join(", ")}, got ${String(level)}`);
  }
}

/**
 * One checked-out connection of a server pool (PostgreSQL, MySQL), holding
 * one unit of work. What the two share lives here: the statements that open
 * a transaction, refusing use after release, and never giving a connection
 * back to the pool mid-transaction or after its socket broke: such a
 * connection is destroyed instead, so the next holder gets a clean one.
 *
 * And a transaction the server ended early stays ended: after a statement
 * error that aborts the transaction (see `endsTransaction`), later
 * statements are refused and COMMIT rolls back with a
 * `TransactionAbortedError`, where the server would otherwise run them
 * outside any transaction (MySQL after a deadlock) or quietly answer COMMIT
 * with a rollback (PostgreSQL). `ROLLBACK TO SAVEPOINT` recovers, where the
 * server allows it.
 */
export abstract class PooledConnection implements Connection {
  private released = false;
  private inTransaction = false;
  /** Set when the socket failed: the connection is destroyed on release. */
  protected broken = false;
  /** The error that ended the open transaction on the server, while the caller has not rolled back. */
  private aborted: unknown;

  constructor(
    private readonly beginStatements: readonly string[],
    private readonly driverClosed: () => boolean,
    private readonly dialect: Dialect,
    private readonly label: string,
  ) {}

  abstract query(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  abstract execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult>;
  /** Runs a statement whose result is not read (transaction control). */
  protected abstract control(sql: string): Promise<unknown>;
  /** Whether an error leaves the connection unusable (as opposed to an SQL error the server reported). */
  protected abstract isFatal(error: unknown): boolean;
  /** Whether a statement error ends (or aborts) the whole open transaction on the server. */
  protected abstract endsTransaction(error: unknown): boolean;
  protected abstract giveBack(): void;
  protected abstract destroy(): void;
  /** Stops listening to the connection's events. */
  protected abstract detach(): void;

  async begin(): Promise<void> {
    for (const sql of this.beginStatements) await this.guarded(sql, () => this.control(sql));
    this.inTransaction = true;
    this.aborted = undefined;
  }

  async commit(): Promise<void> {
    if (this.broken && this.inTransaction) {
      // COMMIT never reaches the server: the outcome is known, the server rolled back.
      this.inTransaction = false;
      throw new ConnectionLostError(
        `The connection to ${this.label} was lost before COMMIT could be sent: the server rolled the transaction back ` +
          `and nothing of it was written. Run the unit of work again.`,
        "COMMIT",
        false,
        { cause: new Error("connection broken before COMMIT") },
      );
    }
    if (this.aborted !== undefined) {
      const cause = this.aborted;
      await this.rollback();
      throw this.abortedError(cause, "COMMIT");
    }
    // Whatever COMMIT answers, the transaction is over (a failed COMMIT rolls back).
    this.inTransaction = false;
    await this.guarded("COMMIT", () => this.control("COMMIT"));
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    this.aborted = undefined;
    await this.guarded("ROLLBACK", () => this.control("ROLLBACK"));
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.detach();
    if (this.broken || this.inTransaction) this.destroy();
    else this.giveBack();
  }

  /** Runs `op` (the statement `sql`) unless released, closed or in an ended transaction; notes what its failure ends. */
  protected guarded<R>(sql: string, op: () => Promise<R>): Promise<R> {
    if (this.released) return Promise.reject(new SessionStateError(`This ${this.label} connection was released; acquire() a new one.`));
    if (this.driverClosed()) return Promise.reject(new RelgenError(`The ${this.label} driver is closed.`));
    const recovering = ROLLBACK.test(sql);
    if (this.aborted !== undefined && !recovering) return Promise.reject(this.abortedError(this.aborted, sql));
    return op().then(
      (result) => {
        if (recovering) this.aborted = undefined;
        return result;
      },
      (error: unknown) => {
        if (this.isFatal(error)) this.broken = true;
        else if (this.inTransaction && !recovering && this.endsTransaction(error)) this.aborted = error;
        throw error;
      },
    );
  }

  private abortedError(cause: unknown, sql: string): TransactionAbortedError {
    const conflict = this.dialect.classifyTransient?.(cause);
    return transactionEnded(this.label, sql, cause, conflict !== undefined && conflict !== "connection-lost");
  }
}

/** `ROLLBACK` and `ROLLBACK TO SAVEPOINT x`: the statements that end an aborted state. */
const ROLLBACK = /^\s*ROLLBACK\b/i;

/** A Uint8Array as a Node Buffer over the same memory (what pg and mysql2 bind as binary). */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
