import type { Connection, Driver } from "../driver/driver.js";
import { RelgenError } from "../errors/relgen-error.js";
import { existsSync } from "node:fs";
import { IrreversibleMigrationError, MigrationsFolderError, MigrationUsageError } from "./errors.js";
import { discoverMigrations, readText } from "./folder.js";
import type { MigrationDialect } from "./format.js";
import type { HistoryRow } from "./history.js";
import { checkTarget, takeLock } from "./lock.js";
import { dialectOfUrl, openUrl, redact, sqlitePath } from "./open-url.js";
import { byNumber, Run } from "./run.js";
import { readDirectives } from "./split.js";

export interface MigratorOptions {
  /** The migrations folder (holding sqlite/, postgres/, mysql/). */
  readonly dir: string;
  /**
   * A SQLite file path (or `file:` / `sqlite:` URL), `postgres://…` (also
   * `postgresql://`; `?schema=name` sets the search_path and creates nothing),
   * `mysql://…` / `mariadb://…`. Default `process.env.DATABASE_URL`.
   */
  readonly url?: string;
  /** Instead of url: an open driver the caller keeps (its close() is theirs). */
  readonly driver?: Driver;
  /** Instead of url or driver: the app's engine (`createEngine(...)`); its driver is used and stays open. */
  readonly engine?: { readonly driver: Driver };
  /** Progress lines ("applied 0002_add_nickname in 12 ms"). */
  readonly log?: (line: string) => void;
  /** How long to wait for another run's lock (SQLite: for its write transaction). Default 60 000. */
  readonly lockTimeoutMs?: number;
}

export interface DeployResult {
  readonly applied: readonly { id: string; ms: number }[];
  /** Migrations that were already applied (by an earlier run, or by another process during this one). */
  readonly upToDate: number;
}

export interface DownResult {
  readonly reverted: readonly { id: string; ms: number }[];
}

export interface AppliedMigration {
  readonly id: string;
  readonly checksum: string;
  /** ISO-8601 UTC. */
  readonly appliedAt: string;
  readonly durationMs: number;
}

/** A migration that stopped partway (MySQL, where each DDL statement commits by itself). */
export interface PartialMigration {
  readonly id: string;
  readonly direction: "up" | "down";
  readonly statementsDone: number;
  readonly statementsTotal: number;
  readonly error: string | null;
}

export interface StatusResult {
  readonly dialect: MigrationDialect;
  readonly applied: readonly AppliedMigration[];
  readonly pending: readonly string[];
  /** Applied migrations whose up file changed since. */
  readonly edited: readonly string[];
  /** Applied migrations whose files are gone. */
  readonly missing: readonly string[];
  /** Differences between the database and the newest applied migration's catalog (human lines). */
  readonly drift: readonly string[];
  readonly partial?: PartialMigration;
}

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
/** `to` values that undo every applied migration. */
const BEFORE_FIRST = new Set(["0", "none"]);

/** Applies every pending migration in order. */
export function migrate(options: MigratorOptions): Promise<DeployResult> {
  return withRun(options, false, async (run) => {
    const release = await takeLock(run.c, run.dialect, run.lockTimeoutMs);
    try {
      const state = await run.inSnapshot(() => run.check(true));
      const blocking = state.history.find((r) => r.status === "partial-down");
      if (blocking !== undefined) {
        throw new MigrationUsageError(
          `Undoing migration ${blocking.id} stopped after statement ${blocking.statementsDone} of ${blocking.statementsTotal}` +
            `${blocking.error === null ? "" : ` (${blocking.error})`}. Finish it with \`relgen migrate down\` before deploying.`,
        );
      }
      await run.history.create(run.c);
      const appliedIds = new Set(state.history.filter((r) => r.status === "applied").map((r) => r.id));
      const applied: { id: string; ms: number }[] = [];
      let upToDate = appliedIds.size;
      for (const m of state.files) {
        if (appliedIds.has(m.id)) continue;
        const ms = await run.up(
          m,
          state.history.find((r) => r.id === m.id),
        );
        if (ms === undefined) {
          upToDate++;
          run.log(`${m.id} was applied by another run meanwhile`);
        } else {
          applied.push({ id: m.id, ms });
          run.log(`applied ${m.id} in ${ms} ms`);
        }
      }
      if (applied.length === 0) run.log(`no pending migrations: ${upToDate} applied, the database is up to date`);
      return { applied, upToDate };
    } finally {
      await release();
    }
  });
}

/** What is applied, pending, edited, missing or partial, and how the schema drifted; reads only. */
export function migrationStatus(options: MigratorOptions): Promise<StatusResult> {
  return withRun(options, true, async (run) => {
    const state = await run.check(false);
    const partialRow = state.history.find((r) => r.status !== "applied");
    const applied = state.history
      .filter((r) => r.status === "applied")
      .sort((a, b) => byNumber(a.id, b.id))
      .map((r) => ({ id: r.id, checksum: r.checksum, appliedAt: r.appliedAt, durationMs: r.durationMs }));
    const appliedIds = new Set(applied.map((a) => a.id));
    return {
      dialect: run.dialect,
      applied,
      pending: state.files.filter((m) => !appliedIds.has(m.id)).map((m) => m.id),
      edited: state.edited.map((e) => e.id),
      missing: state.missing,
      drift: state.drift,
      ...(partialRow === undefined
        ? {}
        : {
            partial: {
              id: partialRow.id,
              direction: partialRow.status === "partial" ? ("up" as const) : ("down" as const),
              statementsDone: partialRow.statementsDone,
              statementsTotal: partialRow.statementsTotal,
              error: partialRow.error,
            },
          }),
    };
  });
}

/**
 * Undoes the newest applied migration; with `to`, every applied migration
 * newer than `to` (`to: "0"` or `"none"` undoes them all), newest first.
 * Every down file is read and checked (present, not irreversible) before any runs.
 */
export function migrateDown(options: MigratorOptions & { to?: string }): Promise<DownResult> {
  return withRun(options, false, async (run) => {
    const release = await takeLock(run.c, run.dialect, run.lockTimeoutMs);
    try {
      const state = await run.inSnapshot(() => run.check(true));
      const partialUp = state.history.find((r) => r.status === "partial");
      if (partialUp !== undefined) {
        throw new MigrationUsageError(
          `Migration ${partialUp.id} stopped after statement ${partialUp.statementsDone} of ${partialUp.statementsTotal}. ` +
            `Finish it first (fix the cause and run \`relgen migrate deploy\`), then undo it.`,
        );
      }
      const active = state.history.filter((r) => r.status !== "partial").sort((a, b) => byNumber(b.id, a.id));
      let targets: HistoryRow[];
      if (options.to === undefined) {
        targets = active.slice(0, 1);
      } else if (BEFORE_FIRST.has(options.to)) {
        targets = active;
      } else {
        const floor = active.find((r) => r.id === options.to);
        if (floor === undefined) {
          throw new MigrationUsageError(
            `--to ${options.to} is not an applied migration. Give the id of an applied one (${active.map((r) => r.id).join(", ") || "none is applied"}), or 0 to undo them all.`,
          );
        }
        targets = active.filter((r) => byNumber(r.id, floor.id) > 0);
      }
      const files = new Map(state.files.map((m) => [m.id, m]));
      const plans = targets.map((row) => {
        const m = files.get(row.id)!;
        if (m.downPath === undefined) {
          throw new MigrationsFolderError(
            `Migration ${m.id} has no down file (${m.id}.down.sql), so it cannot be undone. Nothing was run. Restore the file from version control.`,
            m.upPath.replace(/\.sql$/, ".down.sql"),
          );
        }
        const sql = readText(m.downPath);
        const directives = readDirectives(sql);
        if (directives.irreversible !== undefined)
          throw new IrreversibleMigrationError(m.id, m.downPath, directives.irreversible);
        return { m, row, sql };
      });
      if (plans.length === 0) run.log("no applied migrations to undo");
      const reverted: { id: string; ms: number }[] = [];
      for (const plan of plans) {
        const ms = await run.down(plan.m, plan.sql, plan.row);
        if (ms === undefined) {
          run.log(`${plan.m.id} was undone by another run meanwhile`);
          continue;
        }
        reverted.push({ id: plan.m.id, ms });
        run.log(`reverted ${plan.m.id} in ${ms} ms`);
      }
      return { reverted };
    } finally {
      await release();
    }
  });
}

async function withRun<T>(given: MigratorOptions, readOnly: boolean, body: (run: Run) => Promise<T>): Promise<T> {
  const engineDriver = given.driver ?? given.engine?.driver;
  const options: MigratorOptions = engineDriver === undefined ? given : { ...given, driver: engineDriver };
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  if (!Number.isSafeInteger(lockTimeoutMs) || lockTimeoutMs < 0) {
    throw new MigrationUsageError(
      `lockTimeoutMs must be a non-negative integer (milliseconds), got ${String(options.lockTimeoutMs)}.`,
    );
  }
  const url = options.driver === undefined ? (options.url ?? process.env.DATABASE_URL) : undefined;
  if (options.driver === undefined && (url === undefined || url === "")) {
    throw new MigrationUsageError(
      "No database given: pass --url <db> (a SQLite file path, postgres://… or mysql://…) or set DATABASE_URL.",
    );
  }
  const dialect = options.driver?.dialect.name ?? dialectOfUrl(url!);
  // Read before opening anything on the database: a folder error changes nothing.
  const files = discoverMigrations(options.dir, dialect);
  const log = options.log ?? (() => undefined);
  let driver = options.driver;
  let owned = false;
  if (driver === undefined) {
    let target = url!;
    // Status of a SQLite file that does not exist yet: an empty database, and none is created.
    if (readOnly && dialect === "sqlite" && !existsSync(sqlitePath(target))) {
      log(`no database at ${sqlitePath(target)} yet: every migration is pending`);
      target = ":memory:";
    }
    try {
      driver = (await openUrl(target, { busyTimeoutMs: lockTimeoutMs })).driver;
    } catch (error) {
      throw connectError(url!, error);
    }
    owned = true;
  }
  try {
    let c: Connection;
    try {
      c = await driver.acquire();
    } catch (error) {
      throw owned ? connectError(url!, error) : error;
    }
    try {
      await checkTarget(c, dialect);
      const run = new Run(c, driver, dialect, files, options.dir, lockTimeoutMs, log);
      return await run.withBusyTimeout(() => body(run));
    } finally {
      c.release();
    }
  } finally {
    if (owned) await driver.close();
  }
}

/** A server that cannot be reached gets a message naming the URL (without its password). */
function connectError(url: string, error: unknown): unknown {
  if (error instanceof RelgenError) return error;
  return new MigrationUsageError(
    `Cannot connect to ${redact(url)}: ${(error as Error)?.message ?? String(error)}. Check the URL and that the server is running.`,
    {
      cause: error,
    },
  );
}
