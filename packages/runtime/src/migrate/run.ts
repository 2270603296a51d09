import { createHash } from "node:crypto";
import type { Connection, Driver } from "../driver/driver.js";
import { emptyCatalog, compareCatalogs } from "./catalog.js";
import {
  ChecksumMismatchError,
  MigrationFailedError,
  MigrationsFolderError,
  MigrationUsageError,
  SchemaDriftError,
} from "./errors.js";
import { checksumOf, readCatalog, readText, type MigrationFiles } from "./folder.js";
import { HISTORY_TABLE, type MigrationDialect } from "./format.js";
import { History, type HistoryRow } from "./history.js";
import { introspect } from "./introspect.js";
import { readDirectives, splitStatements } from "./split.js";

/**
 * One migrator run on one connection: the checks made before anything runs,
 * and running one migration up or down (in a transaction on SQLite and
 * PostgreSQL; statement by statement with recorded progress on MySQL).
 */
export interface CheckedState {
  readonly history: HistoryRow[];
  readonly files: MigrationFiles[];
  readonly edited: { id: string; path: string; applied: string; current: string }[];
  readonly missing: string[];
  readonly drift: string[];
}

const numberOf = (id: string) => BigInt(/^\d+/.exec(id)?.[0] ?? "0");
export const byNumber = (a: string, b: string) => {
  const [x, y] = [numberOf(a), numberOf(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};
const firstLine = (statement: string) => {
  const line = statement.split("\n")[0]!.trim();
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
};
const prefixChecksum = (statements: readonly string[], count: number) =>
  createHash("sha256").update(statements.slice(0, count).join("\n;\n")).digest("hex");
const engineName: Record<MigrationDialect, string> = { sqlite: "SQLite", postgres: "PostgreSQL", mysql: "MySQL" };

export class Run {
  readonly history: History;

  constructor(
    readonly c: Connection,
    readonly driver: Driver,
    readonly dialect: MigrationDialect,
    readonly files: MigrationFiles[],
    readonly dir: string,
    readonly lockTimeoutMs: number,
    readonly log: (line: string) => void,
  ) {
    this.history = new History(driver.dialect, dialect);
  }

  /** SQLite waits for another writer up to the lock timeout; the caller's setting is put back after. */
  async withBusyTimeout<T>(body: () => Promise<T>): Promise<T> {
    if (this.dialect !== "sqlite") return body();
    const [[previous]] = (await this.c.query("PRAGMA busy_timeout", [])) as [[unknown]];
    await this.c.execute(`PRAGMA busy_timeout = ${this.lockTimeoutMs}`, []);
    try {
      return await body();
    } finally {
      await this.c.execute(`PRAGMA busy_timeout = ${Number(previous)}`, []);
    }
  }

  /** Reads history and catalog as one consistent view: on SQLite another process may write between two reads. */
  async inSnapshot<T>(body: () => Promise<T>): Promise<T> {
    if (this.dialect !== "sqlite") return body();
    await this.c.begin();
    try {
      const result = await body();
      await this.c.commit();
      return result;
    } catch (error) {
      await this.c.rollback();
      throw error;
    }
  }

  /** Checksums, missing files, order and drift; with `strict`, the first problem found is thrown. */
  async check(strict: boolean): Promise<CheckedState> {
    const history = await this.history.read(this.c);
    const files = new Map(this.files.map((m) => [m.id, m]));
    const missing = history
      .filter((r) => !files.has(r.id))
      .map((r) => r.id)
      .sort(byNumber);
    if (strict && missing.length > 0) {
      throw new MigrationsFolderError(
        `The database has migration${missing.length === 1 ? "" : "s"} ${missing.join(", ")} applied, but ${this.dir}/${this.dialect}/ ` +
          `has no such file. Nothing was run. Restore the files from version control (or point --migrations at the folder this database was migrated from).`,
        `${this.dir}/${this.dialect}`,
      );
    }
    const edited: CheckedState["edited"] = [];
    for (const row of history) {
      const m = files.get(row.id);
      if (m === undefined || row.status !== "applied") continue;
      const current = checksumOf(readText(m.upPath));
      if (current !== row.checksum) edited.push({ id: row.id, path: m.upPath, applied: row.checksum, current });
    }
    edited.sort((a, b) => byNumber(a.id, b.id));
    if (strict && edited.length > 0) throw new ChecksumMismatchError(edited);
    const applied = history.filter((r) => r.status === "applied").sort((a, b) => byNumber(a.id, b.id));
    const newest = applied.at(-1);
    if (strict && newest !== undefined) {
      const late = this.files.filter((m) => byNumber(m.id, newest.id) < 0 && !applied.some((r) => r.id === m.id));
      if (late.length > 0) {
        throw new MigrationsFolderError(
          `Migration${late.length === 1 ? "" : "s"} ${late.map((m) => m.id).join(", ")} ${late.length === 1 ? "is" : "are"} not applied, but the newer ${newest.id} is: ` +
            `${late.length === 1 ? "it was" : "they were"} added behind it (two branches each added a migration?). Nothing was run. ` +
            `Renumber ${late.length === 1 ? "it" : "them"} after ${newest.id} (regenerate with \`relgen migrate dev\`) so the order is the same on every database.`,
          late[0]!.upPath,
        );
      }
    }
    // A run that stopped partway left the schema between two catalogs: drift cannot be judged until it is finished.
    const partial = history.some((r) => r.status !== "applied");
    let drift: string[] = [];
    if (!partial) {
      const newestFiles = newest === undefined ? undefined : files.get(newest.id);
      const expected = newestFiles === undefined ? emptyCatalog(this.dialect) : readCatalog(newestFiles, this.dialect);
      drift = compareCatalogs(expected, await introspect(this.c, this.dialect));
      if (strict && drift.length > 0) throw new SchemaDriftError(newest?.id, drift);
    }
    return { history, files: this.files, edited, missing, drift };
  }

  /** Applies one migration; undefined when another run applied it meanwhile (SQLite). */
  async up(m: MigrationFiles, previous: HistoryRow | undefined): Promise<number | undefined> {
    const sql = readText(m.upPath);
    const statements = splitStatements(sql, { backslashEscapes: this.dialect === "mysql" });
    const checksum = checksumOf(sql);
    if (this.dialect === "mysql") return this.runMysql(m, statements, checksum, "up", previous);
    return this.inTransaction(
      m,
      statements,
      readDirectives(sql).foreignKeysOff,
      async (started) => {
        await this.history.write(this.c, {
          id: m.id,
          checksum,
          status: "applied",
          appliedAt: new Date().toISOString(),
          durationMs: Math.round(performance.now() - started),
          statementsDone: statements.length,
          statementsTotal: statements.length,
          doneChecksum: prefixChecksum(statements, statements.length),
          error: null,
        });
      },
      false,
    );
  }

  /** Undoes one migration; undefined when another run undid it meanwhile (SQLite). */
  async down(m: MigrationFiles, sql: string, row: HistoryRow): Promise<number | undefined> {
    const statements = splitStatements(sql, { backslashEscapes: this.dialect === "mysql" });
    if (this.dialect === "mysql") return this.runMysql(m, statements, row.checksum, "down", row);
    return this.inTransaction(
      m,
      statements,
      readDirectives(sql).foreignKeysOff,
      async () => this.history.remove(this.c, m.id),
      true,
    );
  }

  /** SQLite and PostgreSQL: the statements and the history change commit together or not at all. */
  private async inTransaction(
    m: MigrationFiles,
    statements: readonly string[],
    foreignKeysOff: boolean,
    record: (started: number) => Promise<void>,
    down: boolean,
  ): Promise<number | undefined> {
    const c = this.c;
    let restoreForeignKeys: number | undefined;
    if (foreignKeysOff && this.dialect === "sqlite") {
      // A no-op inside a transaction: it has to be set before BEGIN.
      const [[on]] = (await c.query("PRAGMA foreign_keys", [])) as [[unknown]];
      restoreForeignKeys = Number(on);
      await c.execute("PRAGMA foreign_keys = OFF", []);
    }
    try {
      await c.begin();
      const started = performance.now();
      try {
        if (this.dialect === "sqlite") {
          const row = await this.history.find(c, m.id);
          const done = down ? row === undefined || row.status !== "applied" : row?.status === "applied";
          if (done) {
            await c.commit();
            return undefined;
          }
        }
        for (let i = 0; i < statements.length; i++) {
          try {
            await c.query(statements[i]!, []);
          } catch (error) {
            throw this.failed(m, statements, i, 0, error, down);
          }
        }
        if (restoreForeignKeys !== undefined) await this.checkForeignKeys(m, statements, down);
        await record(started);
        await c.commit();
        return Math.round(performance.now() - started);
      } catch (error) {
        await c.rollback();
        throw error;
      }
    } finally {
      if (restoreForeignKeys !== undefined)
        await c.execute(`PRAGMA foreign_keys = ${restoreForeignKeys === 1 ? "ON" : "OFF"}`, []);
    }
  }

  private async checkForeignKeys(m: MigrationFiles, statements: readonly string[], down: boolean): Promise<void> {
    const violations = await this.c.query("PRAGMA foreign_key_check", []);
    if (violations.length === 0) return;
    const shown = violations
      .slice(0, 10)
      .map(
        ([table, rowid, parent]) =>
          `  row ${String(rowid)} of "${String(table)}" references a missing row of "${String(parent)}"`,
      );
    const more = violations.length > shown.length ? `\n  … and ${violations.length - shown.length} more` : "";
    throw new MigrationFailedError(
      `Migration ${m.id} (${down ? "down" : "up"}) was rolled back: after its ${statements.length} statements ran with foreign keys off, ` +
        `PRAGMA foreign_key_check found ${violations.length} row${violations.length === 1 ? "" : "s"} whose foreign key points nowhere:\n` +
        `${shown.join("\n")}${more}\nThe database is as it was before. Fix or delete those rows (or add a data step to the migration), then run it again.`,
      m.id,
      statements.length,
      statements.length,
      0,
      { cause: new Error(`foreign_key_check: ${violations.length} violations`) },
    );
  }

  private failed(
    m: MigrationFiles,
    statements: readonly string[],
    index: number,
    done: number,
    error: unknown,
    down: boolean,
  ): MigrationFailedError {
    const what = `${m.id}${down ? " (down)" : ""}`;
    const head =
      `Migration ${what} failed at statement ${index + 1} of ${statements.length}:\n    ${firstLine(statements[index]!)}\n` +
      `${engineName[this.dialect]} said: ${(error as Error)?.message ?? String(error)}\n`;
    if (this.dialect !== "mysql") {
      return new MigrationFailedError(
        head +
          `It ran in one transaction, which was rolled back: the database is exactly as before and ${what} is not recorded. ` +
          `Fix the statement (or the data it trips over) and run the command again.`,
        m.id,
        index + 1,
        statements.length,
        0,
        { cause: error },
      );
    }
    const ran = statements.slice(0, done).map((s, i) => `    ${i + 1}. ${firstLine(s)}`);
    const command = down ? "relgen migrate down" : "relgen migrate deploy";
    return new MigrationFailedError(
      head +
        (done === 0
          ? `No statement of ${what} ran before it, so the database is unchanged and ${what} is not recorded. Fix the cause and run \`${command}\` again.`
          : `MySQL commits each DDL statement by itself, so these statements of ${what} are in the database:\n${ran.join("\n")}\n` +
            `${what} is recorded as partial (statement ${done} of ${statements.length}), not as ${down ? "undone" : "applied"}. Fix the cause and run ` +
            `\`${command}\` again: it resumes at statement ${index + 1}, as long as statements 1-${done} of the file stay as they are. ` +
            `To give up instead, undo those statements by hand and delete its row: DELETE FROM ${HISTORY_TABLE} WHERE id = '${m.id}'.`),
      m.id,
      index + 1,
      statements.length,
      done,
      { cause: error },
    );
  }

  /**
   * MySQL: DDL commits by itself, so the statements run one by one and the
   * history row records how far they got after each. A run that stopped
   * resumes at its failed statement when the statements before it are unchanged.
   */
  private async runMysql(
    m: MigrationFiles,
    statements: readonly string[],
    checksum: string,
    direction: "up" | "down",
    previous: HistoryRow | undefined,
  ): Promise<number> {
    const partialStatus = direction === "up" ? "partial" : "partial-down";
    let start = 0;
    if (previous !== undefined && previous.status === partialStatus) {
      start = previous.statementsDone;
      if (start > statements.length || prefixChecksum(statements, start) !== previous.doneChecksum) {
        throw new MigrationUsageError(
          `Migration ${m.id}${direction === "down" ? " (down)" : ""} stopped after statement ${previous.statementsDone} of ${previous.statementsTotal}, ` +
            `and the file's first ${previous.statementsDone} statements have changed since, so the migrator cannot tell what is in the database. ` +
            `Nothing was run. Restore the file as it was, or repair by hand: compare the database with the file, run what is missing, ` +
            `then either mark it done (UPDATE ${HISTORY_TABLE} SET status = 'applied' … WHERE id = '${m.id}') or delete its row and deploy again.`,
        );
      }
      this.log(`resuming ${m.id} at statement ${start + 1} of ${statements.length}`);
    }
    const started = performance.now();
    const row = (done: number, status: HistoryRow["status"], error: string | null): HistoryRow => ({
      id: m.id,
      checksum,
      status,
      appliedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
      statementsDone: done,
      statementsTotal: statements.length,
      doneChecksum: prefixChecksum(statements, done),
      error,
    });
    for (let i = start; i < statements.length; i++) {
      try {
        await this.c.query(statements[i]!, []);
      } catch (error) {
        const message = (error as Error)?.message ?? String(error);
        if (i === 0) {
          // Nothing of this file ran: the row goes back to what it was (no row for an up, applied for a down).
          if (direction === "up") await this.history.remove(this.c, m.id);
          else await this.history.write(this.c, { ...previous!, status: "applied" });
        } else {
          await this.history.write(this.c, row(i, partialStatus, message));
        }
        throw this.failed(m, statements, i, i, error, direction === "down");
      }
      if (i < statements.length - 1) await this.history.write(this.c, row(i + 1, partialStatus, null));
    }
    if (direction === "up") await this.history.write(this.c, row(statements.length, "applied", null));
    else await this.history.remove(this.c, m.id);
    return Math.round(performance.now() - started);
  }
}
