// `node --import tsx scripts/bench-deletes.ts [runs]` — issue 13's W4 on SQLite:
// delete 100 users with their posts and comments through the ORM cascade
// (blog fixture: User.posts @cascade(all, delete-orphan), Post.comments
// @passiveDeletes, User.comments not cascading → the comments they wrote get
// userId NULL), against the hand-written floor of three `DELETE … IN`
// statements in one transaction (the database's ON DELETE does the rest).
//
// 1,000 users × 10 posts × 3 comments. Every run starts from a fresh copy
// of the same file (copied outside the timing). The variants run
// interleaved: the floor, this checkout's runtime (dist) and, when
// /work/main is built, main's runtime over main's generated models (the
// code before this change). The ORM variants time everything the user
// would write: read the 100 users (their comments come joined, as declared),
// delete each, commit. Medians (and min–max) of the runs; statement counts.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";

const USERS = 1_000;
const POSTS_PER_USER = 10;
const COMMENTS_PER_POST = 3;
const DELETED = 100;
const RUNS = Number(process.argv[2] ?? 15);
const WARMUP = 2;
const MAIN = process.env.RELGEN_MAIN ?? "/work/main";

const root = new URL("..", import.meta.url).pathname;
const migration = readFileSync(join(root, "fixtures/blog/expected/migrations/sqlite/0001_init.sql"), "utf8");
const BASE = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const BODY = "The quick brown fox jumps over the lazy dog. ".repeat(4);

function createDatabase(file: string): void {
  const db = new Database(file);
  db.pragma("foreign_keys = ON");
  db.exec(migration);
  const user = db.prepare(`INSERT INTO "users" ("id", "username", "email", "createdAt") VALUES (?, ?, ?, ?)`);
  const post = db.prepare(`INSERT INTO "posts" ("id", "title", "content", "published", "createdAt", "userId") VALUES (?, ?, ?, ?, ?, ?)`);
  const comment = db.prepare(`INSERT INTO "comments" ("id", "text", "createdAt", "postId", "userId") VALUES (?, ?, ?, ?, ?)`);
  db.transaction(() => {
    let postId = 0;
    let commentId = 0;
    for (let u = 1; u <= USERS; u++) user.run(u, `user${u}`, `user${u}@example.com`, iso(BASE + u * 60_000));
    for (let u = 1; u <= USERS; u++) {
      for (let p = 0; p < POSTS_PER_USER; p++) {
        postId++;
        post.run(postId, `Post ${p + 1} by user${u}`, `Post ${postId}. ${BODY}`, (u + p) % 2, iso(BASE + postId * 1_000), u);
        for (let c = 0; c < COMMENTS_PER_POST; c++) {
          // Comments are written by other users: deleting a user nulls the author of comments on posts that stay.
          const author = ((u + c * 7) % USERS) + 1;
          comment.run(++commentId, `Comment ${c + 1} on post ${postId}`, iso(BASE + postId * 1_000 + c), postId, author);
        }
      }
    }
  })();
  db.close();
}

const ids = Array.from({ length: DELETED }, (_, i) => i + 1);

/** The floor: three prepared `DELETE … IN` in a transaction; ON DELETE SET NULL clears the comments' authors. */
function floor(file: string): { statements: number } {
  const db = new Database(file);
  db.pragma("foreign_keys = ON");
  const list = ids.map(() => "?").join(", ");
  const comments = db.prepare(`DELETE FROM "comments" WHERE "postId" IN (SELECT "id" FROM "posts" WHERE "userId" IN (${list}))`);
  const posts = db.prepare(`DELETE FROM "posts" WHERE "userId" IN (${list})`);
  const users = db.prepare(`DELETE FROM "users" WHERE "id" IN (${list})`);
  const t0 = performance.now();
  db.transaction(() => {
    comments.run(ids);
    posts.run(ids);
    users.run(ids);
  })();
  last = performance.now() - t0;
  db.close();
  return { statements: 3 };
}

interface Runtime {
  readonly label: string;
  run(file: string): Promise<{ statements: number; byKind: Record<string, number> }>;
}

let last = 0;

async function relgen(label: string, runtimeDir: string, modelsFile: string): Promise<Runtime> {
  const runtime = await import(join(runtimeDir, "dist/index.js"));
  const { sqlite } = await import(join(runtimeDir, "dist/sqlite/index.js"));
  const { schema, models, User } = await import(modelsFile);
  return {
    label,
    async run(file) {
      const db = new Database(file);
      const engine = runtime.createEngine({ driver: sqlite(db), schema, models });
      const byKind: Record<string, number> = {};
      engine.onStatement((e: { kind: string }) => {
        if (e.kind !== "transaction") byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
      });
      const t0 = performance.now();
      const session = engine.session();
      const users = await session.query(User).where({ id: { in: ids } }).all();
      for (const u of users) session.delete(u);
      await session.commit();
      last = performance.now() - t0;
      await engine.close();
      return { statements: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
    },
  };
}

function check(file: string): void {
  const db = new Database(file, { readonly: true });
  const count = (sql: string) => (db.prepare(sql).raw(true).get() as [number])[0];
  const left = [
    count(`SELECT count(*) FROM "users" WHERE "id" <= ${DELETED}`),
    count(`SELECT count(*) FROM "posts" WHERE "userId" <= ${DELETED}`),
    count(`SELECT count(*) FROM "comments" WHERE "postId" <= ${DELETED * POSTS_PER_USER}`),
    count(`SELECT count(*) FROM "comments" WHERE "userId" <= ${DELETED}`),
  ];
  db.close();
  if (left.some((n) => n !== 0)) throw new Error(`rows left after the delete: ${left.join(", ")}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const dir = mkdtempSync(join(tmpdir(), "relgen-bench-deletes-"));
try {
  const template = join(dir, "template.db");
  createDatabase(template);
  const contenders: { label: string; run: (file: string) => Promise<{ statements: number; byKind?: Record<string, number> }> }[] = [
    { label: "floor: 3 DELETE … IN", run: async (f) => floor(f) },
    await relgen("relgen (this branch)", join(root, "packages/runtime"), join(root, "fixtures/blog/expected/index.ts")),
  ];
  if (existsSync(join(MAIN, "packages/runtime/dist/index.js"))) {
    contenders.push(await relgen("relgen (main)", join(MAIN, "packages/runtime"), join(MAIN, "fixtures/blog/expected/index.ts")));
  }
  const times = new Map<string, number[]>(contenders.map((c) => [c.label, []]));
  const counts = new Map<string, string>();
  console.log(
    `W4 on SQLite: delete ${DELETED} of ${USERS} users (× ${POSTS_PER_USER} posts × ${COMMENTS_PER_POST} comments), ` +
      `${RUNS} runs after ${WARMUP} warm-up, interleaved, fresh file each run; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}.`,
  );
  let n = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // Rotate who goes first, so drift hits all alike.
    const order = contenders.map((_, k) => contenders[(k + i) % contenders.length]!);
    for (const c of order) {
      const file = join(dir, `run-${++n}.db`);
      copyFileSync(template, file);
      const result = await c.run(file);
      check(file);
      rmSync(file);
      if (i >= WARMUP) times.get(c.label)!.push(last);
      counts.set(c.label, `${result.statements}${result.byKind ? ` (${Object.entries(result.byKind).map(([k, v]) => `${v} ${k}`).join(", ")})` : ""}`);
    }
  }
  const base = median(times.get(contenders[0]!.label)!);
  console.log(`| contender | median ms | min–max ms | × floor | statements |\n|---|---|---|---|---|`);
  for (const c of contenders) {
    const t = times.get(c.label)!;
    console.log(
      `| ${c.label} | ${median(t).toFixed(2)} | ${Math.min(...t).toFixed(2)}–${Math.max(...t).toFixed(2)} | ${(median(t) / base).toFixed(2)}× | ${counts.get(c.label)} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
