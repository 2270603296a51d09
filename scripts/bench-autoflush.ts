// `node --import tsx scripts/bench-autoflush.ts`: what autoflush adds to one
// small query when the session holds 10,000 loaded, unchanged objects (the
// blog fixture's posts), and what one clean flush() costs there.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createEngine, type Session } from "@relgen/runtime";
import { sqlite } from "@relgen/runtime/sqlite";
import { models, Post, schema, User } from "../fixtures/blog/expected/index.js";

const root = new URL("..", import.meta.url).pathname;
const db = new Database(":memory:");
db.exec(readFileSync(join(root, "fixtures/blog/expected/migrations/sqlite/0001_init.sql"), "utf8"));
const iso = (ms: number) => new Date(ms).toISOString();
db.transaction(() => {
  const user = db.prepare(`INSERT INTO "users" ("id", "username", "email", "createdAt") VALUES (?, ?, ?, ?)`);
  const post = db.prepare(`INSERT INTO "posts" ("id", "title", "content", "published", "createdAt", "userId") VALUES (?, ?, ?, ?, ?, ?)`);
  for (let u = 1; u <= 1000; u++) user.run(u, `user${u}`, `u${u}@example.com`, iso(Date.UTC(2024, 0, 1) + u));
  for (let p = 1; p <= 10_000; p++) post.run(p, `post ${p}`, "body", p % 2, iso(Date.UTC(2024, 0, 1) + p), 1 + (p % 1000));
})();
const engine = createEngine({ driver: sqlite(db), schema, models });
const N = 2000;

async function time(label: string, session: Session, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await run();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await run();
  const us = Number(process.hrtime.bigint() - t0) / 1000 / N;
  console.log(`${label.padEnd(58)} ${us.toFixed(1).padStart(8)} µs`);
  return us;
}

const empty = engine.session();
const full = engine.session();
const loaded = await full.query(Post).all();
if (loaded.length !== 10_000) throw new Error("expected 10,000 posts");
const touched = engine.session();
for (const p of await touched.query(Post).all()) touched.add(p); // every object has its own state (as after add/relations)
const q = (s: Session) => () => s.query(User).where({ id: 7 }).first();
const off = (s: Session) => () => s.query(User).autoflush(false).where({ id: 7 }).first();
await time("query, empty session", empty, q(empty));
await time("query, 10,000 untouched objects, autoflush off", full, off(full));
await time("query, 10,000 untouched objects, autoflush on (default)", full, q(full));
await time("query, 10,000 objects with state, autoflush off", touched, off(touched));
await time("query, 10,000 objects with state, autoflush on (default)", touched, q(touched));
await time("flush(), 10,000 untouched objects, nothing changed", full, () => full.flush());
await time("flush(), 10,000 objects with state, nothing changed", touched, () => touched.flush());
await engine.close();
