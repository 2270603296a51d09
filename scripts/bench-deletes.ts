// `node --import tsx scripts/bench-deletes.ts [runs] [sqlite,postgres,mariadb]` — issue 13's W4:
// delete 100 users with their posts and comments through the ORM cascade
// (blog fixture: User.posts @cascade(all, delete-orphan), Post.comments
// @passiveDeletes, User.comments not cascading → the comments they wrote
// get userId NULL), against hand-written SQL in one transaction:
//
// - floor: three `DELETE … IN` (comments of their posts, posts, users); the
//   database's ON DELETE SET NULL clears the authors of the other comments;
// - same reads: what the ORM has to do by its rules, by hand — read the
//   users' posts and the comments they wrote (all columns), clear those
//   comments' userId, delete the posts (their comments go by ON DELETE
//   CASCADE) and the users: five statements.
//
// 1,000 users × 10 posts × 3 comments (each comment written by another
// user). Every run starts from the same data: SQLite copies a template file,
// the servers put the deleted rows back and restore the cleared authors
// (outside the timing). Contenders run interleaved, rotating who goes first:
// the two hand-written ones, this checkout's runtime (dist) and, when
// /work/main is built, main's runtime over main's generated models (the code
// before this change). A relgen run times what the user writes: read the 100
// users, delete each, commit. Medians, min–max and statement counts.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import mysql2 from "mysql2/promise";
import pg from "pg";

const USERS = 1_000;
const POSTS_PER_USER = 10;
const COMMENTS_PER_POST = 3;
const DELETED = 100;
const RUNS = Number(process.argv[2] ?? 15);
const TARGETS = (process.argv[3] ?? "sqlite,postgres,mariadb").split(",");
const WARMUP = 2;
const MAIN = process.env.RELGEN_MAIN ?? "/work/main";

const root = new URL("..", import.meta.url).pathname;
const migration = (dialect: string) => readFileSync(join(root, `fixtures/blog/expected/migrations/${dialect}/0001_init.sql`), "utf8");
const BASE = Date.UTC(2024, 0, 1);
const when = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace("T", " ");
const BODY = "The quick brown fox jumps over the lazy dog. ".repeat(4);
const ids = Array.from({ length: DELETED }, (_, i) => i + 1);
const list = ids.join(", ");

/** Who wrote comment `c` (0-based) of user `u`'s posts: another user, never null. */
const authorOf = (u: number, c: number) => ((u + c * 7) % USERS) + 1;

/** Rows of users `from..to` with their posts and comments (ids follow from the user). */
function rowsOf(from: number, to: number) {
  const users: unknown[][] = [];
  const posts: unknown[][] = [];
  const comments: unknown[][] = [];
  for (let u = from; u <= to; u++) {
    users.push([u, `user${u}`, `user${u}@example.com`, when(BASE + u * 60_000)]);
    for (let p = 0; p < POSTS_PER_USER; p++) {
      const postId = (u - 1) * POSTS_PER_USER + p + 1;
      posts.push([postId, `Post ${p + 1} by user${u}`, `Post ${postId}. ${BODY}`, (u + p) % 2 === 1, when(BASE + postId * 1_000), u]);
      for (let c = 0; c < COMMENTS_PER_POST; c++) {
        const id = (postId - 1) * COMMENTS_PER_POST + c + 1;
        comments.push([id, `Comment ${c + 1} on post ${postId}`, when(BASE + postId * 1_000 + c), postId, authorOf(u, c)]);
      }
    }
  }
  return { users, posts, comments };
}
const COLUMNS = {
  users: ["id", "username", "email", "createdAt"],
  posts: ["id", "title", "content", "published", "createdAt", "userId"],
  comments: ["id", "text", "createdAt", "postId", "userId"],
} as const;
/** The author each comment had (comment ids follow user, post, position), as SQL over its id; `div` divides integers. */
const authorSql = (div: string) =>
  `((((("id" - 1) ${div} ${COMMENTS_PER_POST}) ${div} ${POSTS_PER_USER} + 1) + (("id" - 1) % ${COMMENTS_PER_POST}) * 7) % ${USERS}) + 1`;

interface Sql {
  /** `?` placeholders, `"quoted"` names: each target rewrites to its own. */
  rows(sql: string, params?: unknown[]): Promise<unknown[][]>;
  run(sql: string, params?: unknown[]): Promise<void>;
}

interface Target {
  readonly label: string;
  readonly dialect: "sqlite" | "postgres" | "mysql";
  /** Fresh data before a run (untimed). */
  prepare(): Promise<void>;
  /** A connection for hand-written SQL, used inside `work` in one transaction. */
  handWritten(work: (sql: Sql) => Promise<void>): Promise<void>;
  /** A relgen driver over this run's data, from the given runtime build. */
  driver(runtimeDir: string): Promise<unknown>;
  /** Counts of what must be gone, all zero after a correct delete. */
  leftovers(): Promise<number[]>;
  close(): Promise<void>;
}

const LEFTOVER_QUERIES = [
  `SELECT count(*) FROM "users" WHERE "id" <= ${DELETED}`,
  `SELECT count(*) FROM "posts" WHERE "userId" <= ${DELETED}`,
  `SELECT count(*) FROM "comments" WHERE "postId" <= ${DELETED * POSTS_PER_USER}`,
  `SELECT count(*) FROM "comments" WHERE "userId" <= ${DELETED}`,
];

async function sqliteTarget(dir: string): Promise<Target> {
  const template = join(dir, "template.db");
  const db = new Database(template);
  db.pragma("foreign_keys = ON");
  db.exec(migration("sqlite"));
  const { users, posts, comments } = rowsOf(1, USERS);
  const insert = (table: keyof typeof COLUMNS) =>
    db.prepare(`INSERT INTO "${table}" (${COLUMNS[table].map((c) => `"${c}"`).join(", ")}) VALUES (${COLUMNS[table].map(() => "?").join(", ")})`);
  db.transaction(() => {
    for (const [table, rows] of [["users", users], ["posts", posts], ["comments", comments]] as const) {
      const st = insert(table);
      for (const r of rows) st.run(r.map((v) => (typeof v === "boolean" ? Number(v) : v)));
    }
  })();
  db.close();
  let n = 0;
  let file = "";
  return {
    label: "SQLite",
    dialect: "sqlite",
    async prepare() {
      if (file) rmSync(file);
      file = join(dir, `run-${++n}.db`);
      copyFileSync(template, file);
    },
    async handWritten(work) {
      const conn = new Database(file);
      conn.pragma("foreign_keys = ON");
      const cache = new Map<string, Database.Statement>();
      const st = (sql: string) => cache.get(sql) ?? cache.set(sql, conn.prepare(sql)).get(sql)!;
      conn.exec("BEGIN");
      await work({ rows: async (sql, p = []) => st(sql).raw(true).all(p) as unknown[][], run: async (sql, p = []) => void st(sql).run(p) });
      conn.exec("COMMIT");
      conn.close();
    },
    async driver(runtimeDir) {
      const { sqlite } = await import(join(runtimeDir, "dist/sqlite/index.js"));
      return sqlite(file);
    },
    async leftovers() {
      const conn = new Database(file, { readonly: true });
      const out = LEFTOVER_QUERIES.map((q) => (conn.prepare(q).raw(true).get() as [number])[0]);
      conn.close();
      return out;
    },
    async close() {},
  };
}

/** PostgreSQL or MariaDB: a scratch schema / database seeded once; each run puts the deleted rows back. */
async function serverTarget(kind: "postgres" | "mariadb"): Promise<Target | string> {
  const scratch = `bench_deletes_${process.pid}`;
  let side: Sql;
  let driverConfig: unknown;
  let closeSide: () => Promise<void>;
  let script: (sql: string) => Promise<unknown>;
  let transaction: (work: (sql: Sql) => Promise<void>) => Promise<void>;
  if (kind === "postgres") {
    const settings = { host: "127.0.0.1", port: Number(process.env.RELGEN_PG_PORT ?? 5432), user: "postgres", database: "test" };
    const client = new pg.Client({ ...settings, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
    } catch (e) {
      return `PostgreSQL not reachable (${(e as Error).message})`;
    }
    await client.query(`CREATE SCHEMA ${scratch}`);
    await client.query(`SET search_path TO ${scratch}`);
    const dollar = (sql: string) => {
      let i = 0;
      return sql.replace(/\?/g, () => `$${++i}`);
    };
    side = {
      rows: async (sql, p = []) => (await client.query({ text: dollar(sql), values: p, rowMode: "array" })).rows,
      run: async (sql, p = []) => void (await client.query(dollar(sql), p)),
    };
    script = (sql) => client.query(sql);
    transaction = async (work) => {
      await client.query("BEGIN");
      await work(side);
      await client.query("COMMIT");
    };
    driverConfig = { ...settings, max: 2, options: `-c search_path=${scratch}` };
    closeSide = async () => {
      await client.query(`DROP SCHEMA ${scratch} CASCADE`);
      await client.end();
    };
  } else {
    const settings = { host: "127.0.0.1", port: Number(process.env.RELGEN_MYSQL_PORT ?? 3306), user: "root", password: "" };
    let conn: mysql2.Connection;
    try {
      conn = await mysql2.createConnection({ ...settings, connectTimeout: 2000, multipleStatements: true });
    } catch (e) {
      return `MariaDB not reachable (${(e as Error).message})`;
    }
    await conn.query(`CREATE DATABASE ${scratch}`);
    await conn.query(`USE ${scratch}`);
    const tick = (sql: string) => sql.replace(/"/g, "`");
    side = {
      rows: async (sql, p = []) => (await conn.query({ sql: tick(sql), values: p, rowsAsArray: true }))[0] as unknown[][],
      run: async (sql, p = []) => void (await conn.query(tick(sql), p)),
    };
    script = (sql) => conn.query(sql);
    transaction = async (work) => {
      await conn.query("START TRANSACTION");
      await work(side);
      await conn.query("COMMIT");
    };
    driverConfig = { ...settings, database: scratch, connectionLimit: 2 };
    closeSide = async () => {
      await conn.query(`DROP DATABASE ${scratch}`);
      await conn.end();
    };
  }
  const insert = async (table: keyof typeof COLUMNS, rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      const values = part.map((r) => `(${r.map(() => "?").join(", ")})`).join(", ");
      await side.run(`INSERT INTO "${table}" (${COLUMNS[table].map((c) => `"${c}"`).join(", ")}) VALUES ${values}`, part.flat());
    }
  };
  await script(migration(kind === "postgres" ? "postgres" : "mysql"));
  const all = rowsOf(1, USERS);
  for (const table of ["users", "posts", "comments"] as const) await insert(table, all[table]);
  const back = rowsOf(1, DELETED);
  let dirty = false;
  return {
    label: kind === "postgres" ? "PostgreSQL" : "MariaDB",
    dialect: kind === "postgres" ? "postgres" : "mysql",
    async prepare() {
      if (!dirty) return;
      for (const table of ["users", "posts", "comments"] as const) await insert(table, back[table]);
      await side.run(`UPDATE "comments" SET "userId" = ${authorSql(kind === "postgres" ? "/" : "DIV")} WHERE "userId" IS NULL`);
      if (kind === "postgres") await side.run("ANALYZE");
    },
    async handWritten(work) {
      dirty = true;
      await transaction(work);
    },
    async driver(runtimeDir) {
      dirty = true;
      if (kind === "postgres") return (await import(join(runtimeDir, "dist/postgres/index.js"))).postgres(driverConfig);
      return (await import(join(runtimeDir, "dist/mysql/index.js"))).mysql(driverConfig);
    },
    async leftovers() {
      const out: number[] = [];
      for (const q of LEFTOVER_QUERIES) out.push(Number((await side.rows(q))[0]![0]));
      return out;
    },
    close: closeSide,
  };
}

interface Contender {
  readonly label: string;
  /** Runs once on fresh data; returns the statements it sent (by kind). */
  run(): Promise<{ ms: number; statements: Record<string, number> }>;
}

function floor(target: Target): Contender {
  return {
    label: "floor: 3 DELETE … IN",
    async run() {
      const t0 = performance.now();
      await target.handWritten(async (sql) => {
        await sql.run(`DELETE FROM "comments" WHERE "postId" IN (SELECT "id" FROM "posts" WHERE "userId" IN (${list}))`);
        await sql.run(`DELETE FROM "posts" WHERE "userId" IN (${list})`);
        await sql.run(`DELETE FROM "users" WHERE "id" IN (${list})`);
      });
      return { ms: performance.now() - t0, statements: { delete: 3 } };
    },
  };
}

function sameReads(target: Target): Contender {
  return {
    label: "hand-written, same reads",
    async run() {
      const t0 = performance.now();
      await target.handWritten(async (sql) => {
        const marks = ids.map(() => "?").join(", ");
        const posts = await sql.rows(`SELECT "${COLUMNS.posts.join('", "')}" FROM "posts" WHERE "userId" IN (${marks})`, ids);
        const written = await sql.rows(`SELECT "${COLUMNS.comments.join('", "')}" FROM "comments" WHERE "userId" IN (${marks})`, ids);
        if (posts.length !== DELETED * POSTS_PER_USER || written.length === 0) throw new Error("unexpected rows");
        await sql.run(`UPDATE "comments" SET "userId" = NULL WHERE "userId" IN (${marks})`, ids);
        await sql.run(`DELETE FROM "posts" WHERE "userId" IN (${marks})`, ids);
        await sql.run(`DELETE FROM "users" WHERE "id" IN (${marks})`, ids);
      });
      return { ms: performance.now() - t0, statements: { select: 2, update: 1, delete: 2 } };
    },
  };
}

async function relgen(target: Target, label: string, runtimeDir: string, modelsFile: string): Promise<Contender> {
  const runtime = await import(join(runtimeDir, "dist/index.js"));
  const { schema, models, User } = await import(modelsFile);
  return {
    label,
    async run() {
      const engine = runtime.createEngine({ driver: await target.driver(runtimeDir), schema, models });
      const statements: Record<string, number> = {};
      engine.onStatement((e: { kind: string }) => {
        if (e.kind !== "transaction") statements[e.kind] = (statements[e.kind] ?? 0) + 1;
      });
      // Connect outside the timing (a server pool opens its first connection on first use).
      await engine.session().query(User).where({ id: 0 }).all();
      delete statements["select"];
      const t0 = performance.now();
      const session = engine.session();
      const users = await session.query(User).where({ id: { in: ids } }).all();
      for (const u of users) session.delete(u);
      await session.commit();
      const ms = performance.now() - t0;
      await engine.close();
      return { ms, statements };
    },
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function bench(target: Target) {
  const contenders = [
    floor(target),
    sameReads(target),
    await relgen(target, "relgen (this branch)", join(root, "packages/runtime"), join(root, "fixtures/blog/expected/index.ts")),
  ];
  if (existsSync(join(MAIN, "packages/runtime/dist/index.js"))) {
    contenders.push(await relgen(target, "relgen (main)", join(MAIN, "packages/runtime"), join(MAIN, "fixtures/blog/expected/index.ts")));
  }
  const times = new Map<string, number[]>(contenders.map((c) => [c.label, []]));
  const counts = new Map<string, string>();
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + i) % contenders.length]!;
      await target.prepare();
      const { ms, statements } = await c.run();
      const left = await target.leftovers();
      if (left.some((x) => x !== 0)) throw new Error(`${c.label} on ${target.label} left rows: ${left.join(", ")}`);
      if (i >= WARMUP) times.get(c.label)!.push(ms);
      const total = Object.values(statements).reduce((a, b) => a + b, 0);
      counts.set(c.label, `${total} (${Object.entries(statements).map(([kind, n]) => `${n} ${kind}`).join(", ")})`);
    }
  }
  const base = median(times.get(contenders[0]!.label)!);
  console.log(`\n${target.label}: median of ${RUNS} runs after ${WARMUP} warm-up (ms)\n`);
  console.log(`| contender | median | min–max | × floor | statements |\n|---|---|---|---|---|`);
  for (const c of contenders) {
    const t = times.get(c.label)!;
    console.log(`| ${c.label} | ${median(t).toFixed(1)} | ${Math.min(...t).toFixed(1)}–${Math.max(...t).toFixed(1)} | ${(median(t) / base).toFixed(2)}× | ${counts.get(c.label)} |`);
  }
}

console.log(
  `W4: delete ${DELETED} of ${USERS} users (× ${POSTS_PER_USER} posts × ${COMMENTS_PER_POST} comments) through the ORM cascade; ` +
    `${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)} at start.`,
);
const dir = mkdtempSync(join(tmpdir(), "relgen-bench-deletes-"));
try {
  for (const name of TARGETS) {
    const target = name === "sqlite" ? await sqliteTarget(dir) : await serverTarget(name === "postgres" ? "postgres" : "mariadb");
    if (typeof target === "string") {
      console.warn(`${target}: skipped`);
      continue;
    }
    try {
      await bench(target);
    } finally {
      await target.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
