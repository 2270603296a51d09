// Where the example runs: blog.db (SQLite) by default, or the PostgreSQL or
// MySQL/MariaDB server that DATABASE_URL names. On a server, the example gets
// a scratch namespace of its own (schema or database `relgen_example`),
// dropped and created again on each run, so it never touches other tables.
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import mysql2 from "mysql2/promise";
import pg from "pg";
import type { Driver } from "@relgen/runtime";
import { mysql } from "@relgen/runtime/mysql";
import { postgres } from "@relgen/runtime/postgres";
import { sqlite } from "@relgen/runtime/sqlite";

const NAMESPACE = "relgen_example";
const migration = (dialect: string) =>
  readFileSync(fileURLToPath(new URL(`generated/migrations/${dialect}/0001_init.sql`, import.meta.url)), "utf8");

export interface ExampleDatabase {
  readonly driver: Driver;
  /** Where the data is, for the closing line. */
  readonly where: string;
  /** The migrations folder it was created from. */
  readonly migration: string;
}

/** A fresh database with the blog's tables, from the generated migration for its engine. */
export async function openDatabase(url: string | undefined): Promise<ExampleDatabase> {
  if (!url) return openSqlite();
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  if (/^(mysql|mariadb):\/\//.test(url)) return openMysql(url.replace(/^mariadb:/, "mysql:"));
  throw new Error(`DATABASE_URL must start with postgres://, postgresql://, mysql:// or mariadb://, got ${JSON.stringify(url)}`);
}

function openSqlite(): ExampleDatabase {
  const file = fileURLToPath(new URL("blog.db", import.meta.url));
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const setup = new Database(file);
  setup.exec(migration("sqlite"));
  setup.close();
  return { driver: sqlite(file), where: "blog.db, next to main.ts", migration: "sqlite" };
}

async function openPostgres(url: string): Promise<ExampleDatabase> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(`DROP SCHEMA IF EXISTS ${NAMESPACE} CASCADE`);
    await setup.query(`CREATE SCHEMA ${NAMESPACE}`);
    await setup.query(`SET search_path TO ${NAMESPACE}`);
    await setup.query(migration("postgres"));
  } finally {
    await setup.end();
  }
  // Every connection of the runtime's pool works in the example's schema.
  const driver = postgres({ connectionString: url, options: `-c search_path=${NAMESPACE}` });
  return { driver, where: `schema ${NAMESPACE} of ${redact(url)}`, migration: "postgres" };
}

async function openMysql(url: string): Promise<ExampleDatabase> {
  const setup = await mysql2.createConnection({ uri: url, multipleStatements: true });
  try {
    await setup.query(`DROP DATABASE IF EXISTS ${NAMESPACE}`);
    await setup.query(`CREATE DATABASE ${NAMESPACE}`);
    await setup.query(`USE ${NAMESPACE}`);
    await setup.query(migration("mysql"));
  } finally {
    await setup.end();
  }
  const target = new URL(url);
  target.pathname = `/${NAMESPACE}`;
  return { driver: mysql(target.toString()), where: `database ${NAMESPACE} on ${redact(url)}`, migration: "mysql" };
}

/** The URL without its password, for printing. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
