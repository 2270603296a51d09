import type { Connection, ExecuteResult } from "./driver.js";

export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

export const ISOLATION_LEVELS: readonly IsolationLevel[] = ["read committed", "repeatable read", "serializable"];

/** Rejects an isolation level that is not one of {@link ISOLATION_LEVELS} (a typo in plain JavaScript). */
export function checkIsolation(level: IsolationLevel | undefined): void {
  if (level !== undefined && !ISOLATION_LEVELS.includes(level)) {
    throw new RangeError(`isolation must be one of ${ISOLATION_LEVELS.join(", ")}, got ${String(level)}`);
  }
}

/**
 * One checked-out connection of a server pool (PostgreSQL, MySQL), holding
 * one unit of work. What the two share lives here: the statements that open
 * a transaction, refusing use after release, and never giving a connection
 * back to the pool mid-transaction or after its socket broke: such a
 * connection is destroyed instead, so the next holder gets a clean one.
 */
export abstract class PooledConnection implements Connection {
  private released = false;
  private inTransaction = false;
  /** Set when the socket failed: the connection is destroyed on release. */
  protected broken = false;

  constructor(
    private readonly beginStatements: readonly string[],
    private readonly driverClosed: () => boolean,
    private readonly label: string,
  ) {}

  abstract query(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  abstract execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult>;
  /** Runs a statement whose result is not read (transaction control). */
  protected abstract control(sql: string): Promise<unknown>;
  /** Whether an error leaves the connection unusable (as opposed to an SQL error the server reported). */
  protected abstract isFatal(error: unknown): boolean;
  protected abstract giveBack(): void;
  protected abstract destroy(): void;
  /** Stops listening to the connection's events. */
  protected abstract detach(): void;

  async begin(): Promise<void> {
    for (const sql of this.beginStatements) await this.guarded(() => this.control(sql));
    this.inTransaction = true;
  }

  async commit(): Promise<void> {
    // Whatever COMMIT answers, the transaction is over (a failed COMMIT rolls back).
    this.inTransaction = false;
    await this.guarded(() => this.control("COMMIT"));
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    await this.guarded(() => this.control("ROLLBACK"));
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.detach();
    if (this.broken || this.inTransaction) this.destroy();
    else this.giveBack();
  }

  /** Runs `op` unless released or closed, noting a fatal failure. */
  protected guarded<R>(op: () => Promise<R>): Promise<R> {
    if (this.released) return Promise.reject(new Error(`This ${this.label} connection was released; acquire() a new one.`));
    if (this.driverClosed()) return Promise.reject(new Error(`The ${this.label} driver is closed.`));
    return op().catch((error: unknown) => {
      if (this.isFatal(error)) this.broken = true;
      throw error;
    });
  }
}

/** A Uint8Array as a Node Buffer over the same memory (what pg and mysql2 bind as binary). */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
