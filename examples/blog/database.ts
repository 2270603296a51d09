// Where the example runs: blog.db (SQLite) by default, or the PostgreSQL or
// MySQL/MariaDB server that DATABASE_URL names. On a server, the example gets
// a scratch namespace of its own (schema or database `relgen_example`),
// dropped and created again on each run, so it never touches other tables.
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import mysql2 from "mysql2/promise";
import pg from "pg";
import type { Driver } from "@relgen/runtime";
import { migrate } from "@relgen/runtime/migrate";
import { mysql } from "@relgen/runtime/mysql";
import { postgres } from "@relgen/runtime/postgres";
import { sqlite } from "@relgen/runtime/sqlite";

const NAMESPACE = "relgen_example";
const MIGRATIONS = fileURLToPath(new URL("generated/migrations", import.meta.url));

export interface ExampleDatabase {
  readonly driver: Driver;
  /** Where the data is, for the closing line. */
  readonly where: string;
  /** The migrations the migrator applied, e.g. `0001_init`. */
  readonly applied: readonly string[];
}

/** A fresh database with the blog's tables, brought up to date by relgen's migrator as an app would on start. */
export async function openDatabase(url: string | undefined): Promise<ExampleDatabase> {
  const { driver, where } = await emptyDatabase(url);
  const { applied } = await migrate({ dir: MIGRATIONS, driver });
  return { driver, where, applied: applied.map((m) => m.id) };
}

async function emptyDatabase(url: string | undefined): Promise<{ driver: Driver; where: string }> {
  if (!url) return openSqlite();
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  if (/^(mysql|mariadb):\/\//.test(url)) return openMysql(url.replace(/^mariadb:/, "mysql:"));
  throw new Error(`DATABASE_URL must start with postgres://, postgresql://, mysql:// or mariadb://, got ${JSON.stringify(url)}`);
}

function openSqlite(): { driver: Driver; where: string } {
  const file = fileURLToPath(new URL("blog.db", import.meta.url));
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  return { driver: sqlite(file), where: "blog.db, next to main.ts" };
}

async function openPostgres(url: string): Promise<{ driver: Driver; where: string }> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(`DROP SCHEMA IF EXISTS ${NAMESPACE} CASCADE`);
    await setup.query(`CREATE SCHEMA ${NAMESPACE}`);
  } finally {
    await setup.end();
  }
  // Every connection of the runtime's pool works in the example's schema.
  const driver = postgres({ connectionString: url, options: `-c search_path=${NAMESPACE}` });
  return { driver, where: `schema ${NAMESPACE} of ${redact(url)}` };
}

async function openMysql(url: string): Promise<{ driver: Driver; where: string }> {
  const setup = await mysql2.createConnection({ uri: url });
  try {
    await setup.query(`DROP DATABASE IF EXISTS ${NAMESPACE}`);
    await setup.query(`CREATE DATABASE ${NAMESPACE}`);
  } finally {
    await setup.end();
  }
  const target = new URL(url);
  target.pathname = `/${NAMESPACE}`;
  return { driver: mysql(target.toString()), where: `database ${NAMESPACE} on ${redact(url)}` };
}
/** The URL without its password, for printing. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
