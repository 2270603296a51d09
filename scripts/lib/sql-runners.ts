// One connection per engine for the scripts that time SQL shapes with the
// drivers alone (no relgen): statements cached/prepared the way an
// application would, `?` or `$n` placeholders by `ph`. PostgreSQL works in
// its own scratch schema; MariaDB's scratch table (named like the schema)
// is dropped at close.
import Database from "better-sqlite3";
import pg from "pg";
import mysql2 from "mysql2/promise";

export interface Runner {
  name: string;
  q: (sql: string, params: unknown[]) => Promise<unknown>;
  ph: (i: number) => string;
  cast: (i: number, type: string) => string;
  close: () => Promise<void>;
}

export async function sqliteRunner(): Promise<Runner> {
  const db = new Database(":memory:");
  const cache = new Map<string, Database.Statement>();
  return {
    name: "sqlite",
    q: async (sql, params) => {
      let st = cache.get(sql);
      if (!st) cache.set(sql, (st = db.prepare(sql)));
      return st.reader ? st.all(...params) : st.run(...params);
    },
    ph: () => "?",
    cast: () => "?",
    close: async () => void db.close(),
  };
}

/** `named`: statements with parameters are prepared once by name (pg re-plans an unnamed one each time, as relgen sends them). */
export async function pgRunner(scratch: string, named = true): Promise<Runner> {
  const client = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
  await client.connect();
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${scratch}`);
  await client.query(`SET search_path TO ${scratch}`);
  let n = 0;
  const names = new Map<string, string>();
  return {
    name: "postgres",
    q: async (sql, params) => {
      let name = names.get(sql);
      if (named && !name && params.length > 0) names.set(sql, (name = `s${n++}`));
      return client.query(name ? { name, text: sql, values: params } : { text: sql, values: params });
    },
    ph: (i) => `$${i}`,
    cast: (i, type) => `$${i}::${type}`,
    close: async () => {
      await client.query(`DROP SCHEMA ${scratch} CASCADE`);
      await client.end();
    },
  };
}

/** `closeOver`: a prepared statement of more parameters than this is closed after it ran, as relgen's driver does. */
export async function mariaRunner(scratch: string, closeOver = Infinity): Promise<Runner> {
  const conn = await mysql2.createConnection({ host: "127.0.0.1", port: 3306, user: "root", database: "test" });
  return {
    name: "mariadb",
    q: async (sql, params) => {
      if (params.length === 0) return conn.query(sql);
      const result = await conn.execute(sql, params as never);
      if (params.length > closeOver) conn.unprepare(sql);
      return result;
    },
    ph: () => "?",
    cast: () => "?",
    close: async () => {
      await conn.query(`DROP TABLE IF EXISTS ${scratch}`);
      await conn.end();
    },
  };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
