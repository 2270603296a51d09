// MariaDB: a scratch database built from the blog fixture's migration, and a
// pristine copy of its tables in a second database, copied back after each
// write workload (TRUNCATE + INSERT … SELECT with foreign key checks off).
import { readFileSync } from "node:fs";
import mysql from "mysql2/promise";
import { checkWrite, repoRoot } from "../data.js";
import type { Size } from "../protocol.js";
import { MARIADB_SETTINGS, type Target } from "../target.js";
import { fillTables, WRITTEN } from "./server-fill.js";

export async function mariadbTarget(size: Size): Promise<Target> {
  const conn = await mysql.createConnection({ ...MARIADB_SETTINGS, connectTimeout: 2000, multipleStatements: true, timezone: "Z" });
  const database = `relgen_bench_${process.pid}`;
  const pristine = `${database}_pristine`;
  const q = (name: string) => `\`${name}\``;
  await conn.query(`CREATE DATABASE ${database}; CREATE DATABASE ${pristine}; USE ${database}`);
  await conn.query(readFileSync(`${repoRoot}fixtures/blog/expected/migrations/mysql/0001_init.sql`, "utf8"));
  await fillTables(size, q, () => "?", async (sql, params) => void (await conn.execute(sql, params as mysql.ExecuteValues[])));
  await conn.query("ANALYZE TABLE `users`, `posts`, `comments`");
  for (const t of WRITTEN) await conn.query(`CREATE TABLE ${pristine}.${q(t)} AS SELECT * FROM ${q(t)}`);
  const [[{ version }]] = (await conn.query("SELECT version() AS version")) as unknown as [[{ version: string }]];
  return {
    info: { engine: "mariadb", database },
    describe: `MariaDB ${version}`,
    check: (workload, s) =>
      checkWrite(async (sql) => Number(((await conn.query({ sql, rowsAsArray: true })) as unknown as [unknown[][]])[0][0]![0]), q, workload, s),
    async restore() {
      await conn.query(
        `SET FOREIGN_KEY_CHECKS = 0; ${WRITTEN.map((t) => `TRUNCATE ${q(t)}`).join("; ")}; ` +
          WRITTEN.map((t) => `INSERT INTO ${q(t)} SELECT * FROM ${pristine}.${q(t)}`).join("; ") +
          "; SET FOREIGN_KEY_CHECKS = 1",
      );
    },
    async close() {
      await conn.query(`DROP DATABASE ${database}; DROP DATABASE ${pristine}`);
      await conn.end();
    },
  };
}
