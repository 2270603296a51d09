import type { Connection, ExecuteResult, NamedRows } from "../driver/driver.js";
import { RelgenError } from "../errors/relgen-error.js";
import type { Dialect } from "../dialect/dialect.js";
import { now } from "../util/platform.js";
import { statementKind, type StatementLog } from "./statement-log.js";
import { translateTransient } from "./transient.js";

/**
 * A driver connection whose every statement reaches the engine's statement
 * log, and whose deadlocks, serialization failures and lost connections come
 * out as the runtime's typed errors, any other driver error as a
 * `StatementError` (its `cause`). Constraint failures pass through: the
 * flush translates those, knowing which object it was writing.
 */
export class LoggedConnection {
  constructor(
    readonly raw: Connection,
    private readonly log: StatementLog,
    private readonly dialect: Dialect,
  ) {}

  query(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    const run = this.log.active
      ? this.timed(sql, params, () => this.raw.query(sql, params), (rows) => rows.length)
      : this.raw.query(sql, params);
    return this.guard(run, sql, params);
  }

  /** Rows with column names; a `RelgenError` when the driver cannot name them. */
  queryNamed(sql: string, params: readonly unknown[]): Promise<NamedRows> {
    const raw = this.raw;
    if (!raw.queryNamed) {
      return Promise.reject(new RelgenError("This driver does not report result column names: session.sql`...` cannot key its rows. Map them with session.sql(Model) instead."));
    }
    const run = this.log.active
      ? this.timed(sql, params, () => raw.queryNamed!(sql, params), (result) => result.rows.length)
      : raw.queryNamed(sql, params);
    return this.guard(run, sql, params);
  }

  execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult> {
    const run = this.log.active
      ? this.timed(sql, params, () => this.raw.execute(sql, params), (result) => result.changes)
      : this.raw.execute(sql, params);
    return this.guard(run, sql, params);
  }

  /** The driver's stream, logged once (with the rows read) when it ends, its errors translated as for `query`. */
  async *stream(sql: string, params: readonly unknown[], batchSize: number): AsyncIterableIterator<unknown[][]> {
    if (!this.raw.stream) throw new RelgenError("This driver cannot stream a query.");
    const rows = this.raw.stream(sql, params, batchSize);
    const start = now();
    let count = 0;
    let failure: unknown;
    try {
      for (;;) {
        let next: IteratorResult<unknown[][]>;
        try {
          next = await rows.next();
        } catch (error) {
          failure = error;
          throw translateTransient(error, this.dialect, sql, params);
        }
        if (next.done) return;
        count += next.value.length;
        yield next.value;
      }
    } finally {
      await rows.return?.(undefined);
      if (this.log.active) this.emit(sql, params, start, failure === undefined ? count : undefined, failure);
    }
  }

  begin(): Promise<void> {
    return this.control("BEGIN", () => this.raw.begin());
  }
  commit(): Promise<void> {
    return this.control("COMMIT", () => this.raw.commit());
  }
  rollback(): Promise<void> {
    return this.control("ROLLBACK", () => this.raw.rollback());
  }
  release(): void {
    this.raw.release();
  }

  private control(sql: string, run: () => Promise<void>): Promise<void> {
    const result = this.log.active ? this.timed(sql, [], run, () => 0) : run();
    return this.guard(result, sql, []);
  }

  private guard<R>(run: Promise<R>, sql: string, params: readonly unknown[]): Promise<R> {
    return run.catch((error: unknown) => {
      throw translateTransient(error, this.dialect, sql, params);
    });
  }

  private async timed<R>(sql: string, params: readonly unknown[], run: () => Promise<R>, count: (result: R) => number): Promise<R> {
    const start = now();
    try {
      const result = await run();
      this.emit(sql, params, start, count(result));
      return result;
    } catch (error) {
      this.emit(sql, params, start, undefined, error);
      throw error;
    }
  }

  private emit(sql: string, params: readonly unknown[], start: number, rowCount: number | undefined, error?: unknown) {
    const durationMs = now() - start;
    const kind = statementKind(sql);
    this.log.emit(error === undefined ? { kind, sql, params, durationMs, rowCount } : { kind, sql, params, durationMs, error });
  }
}
