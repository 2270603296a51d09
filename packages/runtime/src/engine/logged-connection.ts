import type { Connection, ExecuteResult } from "../driver/driver.js";
import { now } from "../util/platform.js";
import { statementKind, type StatementLog } from "./statement-log.js";

/** A driver connection whose every statement reaches the engine's statement log. */
export class LoggedConnection {
  constructor(
    readonly raw: Connection,
    private readonly log: StatementLog,
  ) {}

  query(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    if (!this.log.active) return this.raw.query(sql, params);
    return this.timed(sql, params, () => this.raw.query(sql, params), (rows) => rows.length);
  }

  execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult> {
    if (!this.log.active) return this.raw.execute(sql, params);
    return this.timed(sql, params, () => this.raw.execute(sql, params), (result) => result.changes);
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
    if (!this.log.active) return run();
    return this.timed(sql, [], run, () => 0);
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
