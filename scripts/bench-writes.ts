// `node --import tsx scripts/bench-writes.ts [sqlite|postgres|mariadb]`: W5 of
// issue 13 — 1,000 users × 10 posts added to one session and written by one
// flush — against the hand-written floor (11,000 prepared INSERTs in one
// transaction, each post taking its user's key from the user's INSERT), and
// against the runtime of the main checkout (OLD, default /work/main) when it
// is built, all in one process, rounds interleaved, medians of REPS.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import mysql2 from "mysql2/promise";

const USERS = Number(process.env.USERS ?? 1000);
const POSTS = 10;
const REPS = Number(process.env.REPS ?? 10);
const root = new URL("..", import.meta.url).pathname;
const OLD = process.env.OLD ?? "/work/main";

interface Runtime {
  label: string;
  createEngine: (o: object) => { session(): any; close(): Promise<void>; on?: unknown; events?: unknown } & Record<string, any>;
  drivers: Record<string, (t: any, o?: any) => unknown>;
  models: any;
}

async function runtime(label: string, base: string, fixtures: string): Promise<Runtime> {
  const core = await import(join(base, "packages/runtime/dist/index.js"));
  const code = await import(join(fixtures, "fixtures/blog/expected/index.ts"));
  return {
    label,
    createEngine: core.createEngine,
    drivers: {
      sqlite: (await import(join(base, "packages/runtime/dist/sqlite/index.js"))).sqlite,
      postgres: (await import(join(base, "packages/runtime/dist/postgres/index.js"))).postgres,
      mariadb: (await import(join(base, "packages/runtime/dist/mysql/index.js"))).mysql,
    },
    models: code,
  };
}

interface Target {
  name: string;
  reset(): Promise<void>;
  floor(): Promise<number>;
  driver(r: Runtime): unknown;
  close(): Promise<void>;
}

const user = (i: number) => [`user${i}`, `user${i}@example.com`, new Date(Date.UTC(2025, 0, 1)).toISOString()];
const post = (i: number, j: number) => [`u${i}-p${j}`, "x".repeat(200), false, new Date(Date.UTC(2025, 0, 1, 0, j)).toISOString()];

async function sqliteTarget(): Promise<Target> {
  const db = new Database(":memory:");
  db.exec(readFileSync(join(root, "fixtures/blog/expected/migrations/sqlite/0001_init.sql"), "utf8"));
  const insUser = db.prepare(`INSERT INTO "users" ("username", "email", "createdAt") VALUES (?, ?, ?)`);
  const insPost = db.prepare(`INSERT INTO "posts" ("title", "content", "published", "createdAt", "userId") VALUES (?, ?, ?, ?, ?)`);
  return {
    name: "sqlite",
    reset: async () => void db.exec(`DELETE FROM "posts"; DELETE FROM "users";`),
    floor: async () => {
      db.exec("BEGIN");
      for (let i = 0; i < USERS; i++) {
        const id = insUser.run(...user(i)).lastInsertRowid;
        for (let j = 0; j < POSTS; j++) { const [t, c, p, d] = post(i, j); insPost.run(t, c, p ? 1 : 0, d, id); }
      }
      db.exec("COMMIT");
      return USERS * (POSTS + 1);
    },
    driver: (r) => r.drivers.sqlite!(db),
    close: async () => void db.close(),
  };
}

async function postgresTarget(): Promise<Target> {
  const settings = { host: "127.0.0.1", port: 5432, user: "postgres", database: "test" };
  const client = new pg.Client(settings);
  await client.connect();
  const ns = `bench_writes_${process.pid}`;
  await client.query(`CREATE SCHEMA ${ns}`);
  await client.query(`SET search_path TO ${ns}`);
  await client.query(readFileSync(join(root, "fixtures/blog/expected/migrations/postgres/0001_init.sql"), "utf8"));
  return {
    name: "postgres",
    reset: async () => void (await client.query(`TRUNCATE "posts", "users" RESTART IDENTITY CASCADE`)),
    floor: async () => {
      await client.query("BEGIN");
      for (let i = 0; i < USERS; i++) {
        const { rows } = await client.query({ name: "u", text: `INSERT INTO "users" ("username", "email", "createdAt") VALUES ($1, $2, $3) RETURNING "id"`, values: user(i) });
        for (let j = 0; j < POSTS; j++) await client.query({ name: "p", text: `INSERT INTO "posts" ("title", "content", "published", "createdAt", "userId") VALUES ($1, $2, $3, $4, $5)`, values: [...post(i, j), rows[0].id] });
      }
      await client.query("COMMIT");
      return USERS * (POSTS + 1);
    },
    driver: (r) => r.drivers.postgres!({ ...settings, max: 1, options: `-c search_path=${ns}` }),
    close: async () => {
      await client.query(`DROP SCHEMA ${ns} CASCADE`);
      await client.end();
    },
  };
}

async function mariadbTarget(): Promise<Target> {
  const db = `bench_writes_${process.pid}`;
  const admin = await mysql2.createConnection({ host: "127.0.0.1", port: 3306, user: "root", multipleStatements: true });
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.query(`USE ${db}`);
  await admin.query(readFileSync(join(root, "fixtures/blog/expected/migrations/mysql/0001_init.sql"), "utf8"));
  const conn = await mysql2.createConnection({ host: "127.0.0.1", port: 3306, user: "root", database: db });
  return {
    name: "mariadb",
    reset: async () => void (await admin.query("DELETE FROM `posts`; DELETE FROM `users`;")),
    floor: async () => {
      await conn.query("START TRANSACTION");
      for (let i = 0; i < USERS; i++) {
        const [r] = await conn.execute("INSERT INTO `users` (`username`, `email`, `createdAt`) VALUES (?, ?, ?)", user(i).map((v, k) => (k === 2 ? new Date(v as string) : v)));
        const id = (r as { insertId: number }).insertId;
        for (let j = 0; j < POSTS; j++) {
          const [t, c, p, d] = post(i, j);
          await conn.execute("INSERT INTO `posts` (`title`, `content`, `published`, `createdAt`, `userId`) VALUES (?, ?, ?, ?, ?)", [t, c, p, new Date(d as string), id] as never);
        }
      }
      await conn.query("COMMIT");
      return USERS * (POSTS + 1);
    },
    driver: (r) => r.drivers.mariadb!({ host: "127.0.0.1", port: 3306, user: "root", database: db, connectionLimit: 1 }),
    close: async () => {
      await conn.end();
      await admin.query(`DROP DATABASE ${db}`);
      await admin.end();
    },
  };
}

async function flushW5(r: Runtime, engine: any, count: boolean): Promise<number> {
  const { User, Post } = r.models;
  let statements = 0;
  // Counted in a run of its own: a listener makes every statement pay for the log.
  const off = count ? engine.onStatement((e: { sql: string }) => void (/^(BEGIN|COMMIT|START)/.test(e.sql) || statements++)) : undefined;
  const session = engine.session();
  for (let i = 0; i < USERS; i++) {
    const u = new User({ username: `user${i}`, email: `user${i}@example.com`, createdAt: new Date(Date.UTC(2025, 0, 1)) });
    for (let j = 0; j < POSTS; j++) u.posts.add(new Post({ title: `u${i}-p${j}`, content: "x".repeat(200), createdAt: new Date(Date.UTC(2025, 0, 1, 0, j)) }));
    session.add(u);
  }
  await session.commit();
  off?.();
  return statements;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const runtimes = [await runtime("relgen (this branch)", root, root)];
try {
  runtimes.push(await runtime("relgen (main)", OLD, OLD));
} catch (e) {
  console.log(`(main's runtime not loaded: ${(e as Error).message})`);
}
const only = process.argv[2];
for (const make of [sqliteTarget, postgresTarget, mariadbTarget]) {
  const target = await make();
  if (only && only !== target.name) { await target.close(); continue; }
  const engines = runtimes.map((r) => ({ r, engine: r.createEngine({ driver: target.driver(r), schema: r.models.schema, models: r.models.models }) }));
  const times = new Map<string, number[]>([["floor", []], ...runtimes.map((r) => [r.label, []] as [string, number[]])]);
  const counts = new Map<string, number>();
  for (let rep = 0; rep < REPS + 1; rep++) {
    const order = rep % 2 === 0 ? ["floor", ...engines.map((e) => e.r.label)] : [...engines.map((e) => e.r.label), "floor"];
    for (const label of order) {
      await target.reset();
      const start = performance.now();
      const e = engines.find((x) => x.r.label === label);
      const n = e ? await flushW5(e.r, e.engine, false) : await target.floor();
      const ms = performance.now() - start;
      if (!e) counts.set(label, n);
      if (rep > 0) times.get(label)!.push(ms);
    }
  }
  for (const { r, engine } of engines) {
    await target.reset();
    counts.set(r.label, await flushW5(r, engine, true));
  }
  const floor = median(times.get("floor")!);
  console.log(`\nW5 on ${target.name}: ${USERS} users × ${POSTS} posts, one flush; median of ${REPS} (min–max), ratio to the floor`);
  for (const [label, xs] of times) {
    const m = median(xs);
    console.log(`  ${label.padEnd(22)} ${m.toFixed(1).padStart(8)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})  ${(m / floor).toFixed(2)}×  ${counts.get(label)} statements`);
  }
  for (const { engine } of engines) await engine.close();
  await target.close();
}
