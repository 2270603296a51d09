import type { Connection } from "../driver/driver.js";
import type { Dialect } from "../dialect/dialect.js";
import { HISTORY_TABLE, type MigrationDialect } from "./format.js";

/**
 * The history table: one row per migration that is applied, or (MySQL only,
 * where DDL commits statement by statement) one that stopped partway. A
 * partial row is never counted as applied; it records how far the run got so
 * the next run can resume, and `done_checksum` (SHA-256 of the statements
 * that ran) lets it tell whether those statements of the file still match.
 */
export type HistoryStatus = "applied" | "partial" | "partial-down";

export interface HistoryRow {
  readonly id: string;
  readonly checksum: string;
  readonly status: HistoryStatus;
  /** ISO-8601 UTC, e.g. `2026-12-05T13:00:00.000Z`. */
  readonly appliedAt: string;
  readonly durationMs: number;
  readonly statementsDone: number;
  readonly statementsTotal: number;
  readonly doneChecksum: string;
  readonly error: string | null;
}

const COLUMNS = [
  "id",
  "checksum",
  "status",
  "applied_at",
  "duration_ms",
  "statements_done",
  "statements_total",
  "done_checksum",
  "error",
] as const;

const TYPES: Record<MigrationDialect, { id: string; text: string; int: string; long: string; options: string }> = {
  sqlite: { id: "TEXT", text: "TEXT", int: "INTEGER", long: "TEXT", options: "" },
  postgres: { id: "varchar(255)", text: "varchar(64)", int: "integer", long: "text", options: "" },
  // utf8mb4 keys are limited to 767 bytes on older InnoDB row formats: 191 characters.
  mysql: {
    id: "VARCHAR(191)",
    text: "VARCHAR(64)",
    int: "INT",
    long: "TEXT",
    options: " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
  },
};

export class History {
  private readonly table: string;

  constructor(
    private readonly dialect: Dialect,
    private readonly name: MigrationDialect,
  ) {
    this.table = dialect.quote(HISTORY_TABLE);
  }

  private q(column: (typeof COLUMNS)[number]): string {
    return this.dialect.quote(column);
  }

  private p(index: number): string {
    return this.dialect.placeholder(index);
  }

  async exists(c: Connection): Promise<boolean> {
    const sql = {
      sqlite: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
      postgres:
        "SELECT 1 FROM pg_class WHERE relname = $1 AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
      mysql: "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
    }[this.name];
    return (await c.query(sql, [HISTORY_TABLE])).length > 0;
  }

  async create(c: Connection): Promise<void> {
    const t = TYPES[this.name];
    const q = (n: (typeof COLUMNS)[number]) => this.q(n);
    await c.execute(
      `CREATE TABLE IF NOT EXISTS ${this.table} (` +
        `${q("id")} ${t.id} NOT NULL PRIMARY KEY, ${q("checksum")} ${t.text} NOT NULL, ${q("status")} ${t.text} NOT NULL, ` +
        `${q("applied_at")} ${t.text} NOT NULL, ${q("duration_ms")} ${t.int} NOT NULL, ${q("statements_done")} ${t.int} NOT NULL, ` +
        `${q("statements_total")} ${t.int} NOT NULL, ${q("done_checksum")} ${t.text} NOT NULL, ${q("error")} ${t.long})${t.options}`,
      [],
    );
  }

  /** Every row, or [] when the table does not exist yet (nothing was ever applied). */
  async read(c: Connection): Promise<HistoryRow[]> {
    if (!(await this.exists(c))) return [];
    const rows = await c.query(`SELECT ${COLUMNS.map((n) => this.q(n)).join(", ")} FROM ${this.table}`, []);
    return rows.map((r) => ({
      id: String(r[0]),
      checksum: String(r[1]),
      status: String(r[2]) as HistoryStatus,
      appliedAt: String(r[3]),
      durationMs: Number(r[4]),
      statementsDone: Number(r[5]),
      statementsTotal: Number(r[6]),
      doneChecksum: String(r[7]),
      error: r[8] === null || r[8] === undefined ? null : String(r[8]),
    }));
  }

  async find(c: Connection, id: string): Promise<HistoryRow | undefined> {
    return (await this.read(c)).find((r) => r.id === id);
  }

  /**
   * Inserts the row, or replaces the one with its id. On MySQL one REPLACE
   * (progress is written outside any transaction there, so it must never be
   * half-written); elsewhere the caller's transaction holds delete and insert together.
   */
  async write(c: Connection, row: HistoryRow): Promise<void> {
    const values = [
      row.id,
      row.checksum,
      row.status,
      row.appliedAt,
      row.durationMs,
      row.statementsDone,
      row.statementsTotal,
      row.doneChecksum,
      row.error,
    ];
    const into = `${this.table} (${COLUMNS.map((n) => this.q(n)).join(", ")}) VALUES (${values.map((_, i) => this.p(i + 1)).join(", ")})`;
    if (this.name === "mysql") {
      await c.execute(`REPLACE INTO ${into}`, values);
      return;
    }
    await this.remove(c, row.id);
    await c.execute(`INSERT INTO ${into}`, values);
  }

  async remove(c: Connection, id: string): Promise<void> {
    await c.execute(`DELETE FROM ${this.table} WHERE ${this.q("id")} = ${this.p(1)}`, [id]);
  }
}
