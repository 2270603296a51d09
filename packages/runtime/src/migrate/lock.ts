import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Connection } from "../driver/driver.js";
import type { MigrationDialect } from "./format.js";
import { MigrationLockError, MigrationUsageError } from "./errors.js";

/** "relg": the first key of PostgreSQL's two-key advisory lock; the second is the schema's hash. */
const PG_LOCK_KEY = 0x72656c67;
const PG_POLL_MS = 100;
/** MySQL refuses lock names longer than 64 characters. */
const MYSQL_LOCK_NAME_MAX = 64;

/**
 * The lock that keeps two deploys (two app instances booting) from applying
 * the same migration: a session-level advisory lock per schema on PostgreSQL,
 * GET_LOCK per database on MySQL / MariaDB, both held by the one connection
 * that runs everything and released at the end (or when it closes). SQLite
 * needs none here: each migration runs in BEGIN IMMEDIATE and re-reads the
 * history inside it. Returns the release function.
 */
export async function takeLock(
  c: Connection,
  dialect: MigrationDialect,
  timeoutMs: number,
): Promise<() => Promise<void>> {
  if (dialect === "sqlite") return async () => undefined;
  const where = await checkTarget(c, dialect);
  if (dialect === "postgres") {
    const schema = where;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [[got]] = (await c.query("SELECT pg_try_advisory_lock($1, hashtext(current_schema()))", [PG_LOCK_KEY])) as [
        [unknown],
      ];
      if (got === true) break;
      if (Date.now() >= deadline)
        throw new MigrationLockError(`pg_advisory_lock(${PG_LOCK_KEY}, hashtext('${String(schema)}'))`, timeoutMs);
      await sleep(PG_POLL_MS);
    }
    return async () => {
      await c.query("SELECT pg_advisory_unlock($1, hashtext(current_schema()))", [PG_LOCK_KEY]);
    };
  }
  const database = where;
  let name = `relgen_migrate:${String(database)}`;
  if (name.length > MYSQL_LOCK_NAME_MAX)
    name = `relgen_migrate:${createHash("sha256").update(String(database)).digest("hex").slice(0, 40)}`;
  const [[got]] = (await c.query("SELECT GET_LOCK(?, ?)", [name, Math.max(0, Math.ceil(timeoutMs / 1000))])) as [
    [unknown],
  ];
  if (Number(got) !== 1) throw new MigrationLockError(`GET_LOCK('${name}')`, timeoutMs);
  return async () => {
    await c.query("SELECT RELEASE_LOCK(?)", [name]);
  };
}

/**
 * The schema (PostgreSQL) or database (MySQL) the connection works in; a
 * missing one is refused here, before anything reads or writes, since the
 * migrator never creates it. SQLite: the file itself, "main".
 */
export async function checkTarget(c: Connection, dialect: MigrationDialect): Promise<string> {
  if (dialect === "sqlite") return "main";
  if (dialect === "postgres") {
    const [[schema]] = (await c.query("SELECT current_schema()", [])) as [[unknown]];
    if (schema === null) {
      throw new MigrationUsageError(
        "None of the schemas in the search_path exists, so there is nowhere to apply migrations. Create the schema " +
          "(CREATE SCHEMA name) or fix ?schema= in the URL; the migrator does not create schemas.",
      );
    }
    return String(schema);
  }
  const [[database]] = (await c.query("SELECT DATABASE()", [])) as [[unknown]];
  if (database === null) {
    throw new MigrationUsageError(
      "The MySQL URL names no database (mysql://user@host/<database>). Add it; the migrator does not create databases.",
    );
  }
  return String(database);
}
