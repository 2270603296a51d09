import { fileURLToPath } from "node:url";
import type { Driver } from "../driver/driver.js";
import type { MigrationDialect } from "./format.js";
import { MigrationUsageError, MissingDriverError } from "./errors.js";

export interface OpenOptions {
  /** SQLite: how long to wait for another writer (busy timeout). Default 60 s. */
  readonly busyTimeoutMs?: number;
  /** SQLite: refuse a file that does not exist instead of creating it (read-only commands). */
  readonly mustExist?: boolean;
}

/**
 * A driver for a database URL, as the migrator and the CLI accept it:
 *
 * - SQLite: a file path, `file:path`, `file:///abs/path`, `sqlite:path` or `sqlite:///abs/path`;
 * - PostgreSQL: `postgres://…` or `postgresql://…`; `?schema=name` sets the
 *   search_path of every connection (the schema must exist: nothing is created);
 * - MySQL / MariaDB: `mysql://…` or `mariadb://…`, with the database in the path.
 *
 * pg and mysql2 are loaded only when their URL is used: they are optional.
 */
export async function openUrl(
  url: string,
  options: OpenOptions = {},
): Promise<{ driver: Driver; dialect: MigrationDialect }> {
  const dialect = dialectOfUrl(url);
  switch (dialect) {
    case "postgres":
      return { driver: await openPostgres(url), dialect };
    case "mysql":
      return { driver: await openMysql(url), dialect };
    case "sqlite":
      return { driver: await openSqlite(sqlitePath(url), options), dialect };
  }
}

/** Which engine a URL is for, from its scheme alone (nothing is opened). */
export function dialectOfUrl(url: string): MigrationDialect {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") return "postgres";
  if (scheme === "mysql" || scheme === "mariadb") return "mysql";
  if (scheme === undefined || scheme === "file" || scheme === "sqlite" || /^[a-z]$/i.test(scheme)) return "sqlite";
  throw new MigrationUsageError(
    `Unknown database URL scheme "${scheme}:" in ${redact(url)}. Use a SQLite file path (or file:/sqlite: URL), ` +
      `postgres://user@host/db or mysql://user@host/db.`,
  );
}

/** The file a SQLite URL names (a Windows drive letter is a path, not a scheme). */
export function sqlitePath(url: string): string {
  if (/^file:\/\//i.test(url)) return fileURLToPath(url.replace(/\?.*$/, ""));
  const match = /^(?:file|sqlite):(.*)$/i.exec(url);
  if (match === null) return url;
  let rest = match[1]!.replace(/\?.*$/, "");
  if (rest.startsWith("//")) rest = rest.slice(2);
  if (rest === "")
    throw new MigrationUsageError(`The SQLite URL ${url} names no file. Write sqlite:./dev.db or a plain path.`);
  return decodeURIComponent(rest);
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, "$1***@");
}

async function openSqlite(path: string, options: OpenOptions): Promise<Driver> {
  const { sqlite, loadBetterSqlite3 } = await import("../sqlite/sqlite-driver.js");
  const Database = loadBetterSqlite3();
  let db;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 60_000, fileMustExist: options.mustExist ?? false });
  } catch (error) {
    throw new MigrationUsageError(
      options.mustExist === true
        ? `There is no SQLite database at ${path} (${(error as Error).message}). Check the path; \`relgen migrate deploy\` creates it.`
        : `Cannot open the SQLite database ${path}: ${(error as Error).message}. Check that the folder exists and is writable.`,
      { cause: error },
    );
  }
  const driver = sqlite(db);
  // The driver leaves a Database it was given open; this one is ours, so its close() closes the file too.
  return {
    dialect: driver.dialect,
    acquire: () => driver.acquire(),
    async close() {
      await driver.close();
      db.close();
    },
  };
}

async function openPostgres(url: string): Promise<Driver> {
  const { postgres } = await load("pg", () => import("../postgres/postgres-driver.js"));
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  if (schema === null || schema === "") return postgres(parsed.toString());
  // A startup option, so every connection of the pool has it; libpq's escaping: backslash before spaces and backslashes.
  const quoted = `"${schema.replace(/"/g, '""')}"`.replace(/[\\ ]/g, "\\$&");
  return postgres({ connectionString: parsed.toString(), options: `-c search_path=${quoted}` });
}

async function openMysql(url: string): Promise<Driver> {
  const { mysql } = await load("mysql2", () => import("../mysql/mysql-driver.js"));
  return mysql(url.replace(/^mariadb:/i, "mysql:"));
}

async function load<T>(packageName: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (
      (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
      String((error as Error).message).includes(packageName)
    ) {
      throw new MissingDriverError(packageName, { cause: error });
    }
    throw error;
  }
}
