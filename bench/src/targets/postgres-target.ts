// PostgreSQL: a scratch schema built from the blog fixture's migration, and a
// pristine copy of its tables in a second schema, copied back after each
// write workload (TRUNCATE + INSERT … SELECT, identities reset).
import { readFileSync } from "node:fs";
import pg from "pg";
import { checkWrite, repoRoot } from "../data.js";
import type { Size } from "../protocol.js";
import { PG_SETTINGS, type Target } from "../target.js";
import { fillTables, WRITTEN } from "./server-fill.js";

export async function postgresTarget(size: Size): Promise<Target> {
  const client = new pg.Client({ ...PG_SETTINGS, connectionTimeoutMillis: 2000 });
  await client.connect();
  const schema = `relgen_bench_${process.pid}`;
  const pristine = `${schema}_pristine`;
  const q = (name: string) => `"${name}"`;
  const run = async (sql: string, params?: unknown[]) => void (await client.query(sql, params));
  await run(`CREATE SCHEMA ${schema}`);
  await run(`SET search_path TO ${schema}`);
  await run(readFileSync(`${repoRoot}fixtures/blog/expected/migrations/postgres/0001_init.sql`, "utf8"));
  await fillTables(size, q, (i) => `$${i}`, run);
  const resetIdentities = WRITTEN.map((t) => `SELECT setval(pg_get_serial_sequence('${q(t)}', 'id'), (SELECT max("id") FROM ${q(t)}))`).join("; ");
  await run(resetIdentities);
  await run("ANALYZE");
  await run(`CREATE SCHEMA ${pristine}`);
  for (const t of WRITTEN) await run(`CREATE TABLE ${pristine}.${q(t)} AS TABLE ${q(t)}`);
  const version = String((await client.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version);
  return {
    info: { engine: "postgres", schema },
    describe: `PostgreSQL ${version}`,
    check: (workload, s) => checkWrite(async (sql) => Number((await client.query({ text: sql, rowMode: "array" })).rows[0]?.[0]), q, workload, s),
    async restore() {
      await run(
        `BEGIN; TRUNCATE ${WRITTEN.map(q).join(", ")}; ` +
          WRITTEN.map((t) => `INSERT INTO ${q(t)} SELECT * FROM ${pristine}.${q(t)}`).join("; ") +
          `; ${resetIdentities}; COMMIT`,
      );
    },
    async close() {
      await run(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA ${pristine} CASCADE`);
      await client.end();
    },
  };
}
