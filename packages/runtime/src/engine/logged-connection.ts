import type { Connection, ExecuteResult } from "../driver/driver.js";
import { now } from "../util/platform.js";
import { statementKind, type StatementLog } from "./statement-log.js";

/** A driver connection whose every statement reaches the engine's statement log. */
export class LoggedConnection {
  constructor(
    readonly raw: Connection,
    private readonly log: StatementLog,
  ) {}

  async query(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    if (!this.log.active) return this.raw.query(sql, params);
    const start = now();
    try {
      const rows = await this.raw.query(sql, params);
      this.emit(sql, params, start, rows.length);
      return rows;
    } catch (error) {
      this.emit(sql, params, start, undefined, error);
      throw error;
    }
  }

  async execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult> {
    if (!this.log.active) return this.raw.execute(sql, params);
    const start = now();
    try {
      const result = await this.raw.execute(sql, params);
      this.emit(sql, params, start, result.changes);
      return result;
    } catch (error) {
      this.emit(sql, params, start, undefined, error);
      throw error;
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

  private async control(sql: string, run: () => Promise<void>): Promise<void> {
    const start = now();
    try {
      await run();
      if (this.log.active) this.emit(sql, [], start, 0);
    } catch (error) {
      if (this.log.active) this.emit(sql, [], start, undefined, error);
      throw error;
    }
  }

  private emit(sql: string, params: readonly unknown[], start: number, rowCount: number | undefined, error?: unknown) {
    const durationMs = now() - start;
    const kind = statementKind(sql);
    this.log.emit(error === undefined ? { kind, sql, params, durationMs, rowCount } : { kind, sql, params, durationMs, error });
  }
}
