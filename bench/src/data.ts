// The benchmark's data: the blog fixture's SQLite migration filled with
// deterministic rows, the W5 input, and the checks that a write workload did
// its work (the coordinator runs them, then restores the file).
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import type { NewUser, Size } from "./protocol.js";

export const repoRoot = new URL("../../", import.meta.url).pathname;
const BLOGS = 10;
const BASE = Date.UTC(2024, 0, 1);
const BODY = "The quick brown fox jumps over the lazy dog. ".repeat(4);
const iso = (ms: number) => new Date(ms).toISOString();

export const SIZES = {
  default: { users: 1_000, postsPerUser: 10, commentsPerPost: 3, w3Users: 100, w4Users: 100, w5Users: 1_000 },
  smallest: { users: 20, postsPerUser: 10, commentsPerPost: 3, w3Users: 10, w4Users: 5, w5Users: 20 },
} satisfies Record<string, Size>;

/** `--users N`: the default shape scaled to N users. */
export function sizeFor(users: number): Size {
  return {
    users,
    postsPerUser: 10,
    commentsPerPost: 3,
    w3Users: Math.min(100, users),
    w4Users: Math.max(1, Math.min(100, Math.floor(users / 10))),
    w5Users: users,
  };
}

/** A post's text: about 200 characters. */
const content = (postId: number) => `Post ${postId}. ${BODY}`;

export function createDatabase(file: string, size: Size): void {
  const db = new Database(file);
  db.pragma("foreign_keys = ON");
  db.exec(readFileSync(`${repoRoot}fixtures/blog/expected/migrations/sqlite/0001_init.sql`, "utf8"));
  const blog = db.prepare(`INSERT INTO "blogs" ("id", "name") VALUES (?, ?)`);
  const user = db.prepare(`INSERT INTO "users" ("id", "username", "email", "createdAt") VALUES (?, ?, ?, ?)`);
  const post = db.prepare(
    `INSERT INTO "posts" ("id", "title", "content", "published", "createdAt", "userId", "blogId") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const comment = db.prepare(`INSERT INTO "comments" ("id", "text", "createdAt", "postId", "userId") VALUES (?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let b = 1; b <= BLOGS; b++) blog.run(b, `Blog ${b}`);
    // Users first: comments point at users further down the list.
    for (let u = 1; u <= size.users; u++) user.run(u, `user${u}`, `user${u}@example.com`, iso(BASE + u * 60_000));
    let postId = 0;
    let commentId = 0;
    for (let u = 1; u <= size.users; u++) {
      for (let p = 0; p < size.postsPerUser; p++) {
        postId++;
        const at = BASE + postId * 1_000;
        post.run(postId, `Post ${p + 1} by user${u}`, content(postId), (u + p) % 2, iso(at), u, postId % 4 === 0 ? null : (postId % BLOGS) + 1);
        for (let c = 0; c < size.commentsPerPost; c++) {
          commentId++;
          const author = c === 2 && postId % 5 === 0 ? null : ((u + c * 7) % size.users) + 1;
          comment.run(commentId, `Comment ${c + 1} on post ${postId}`, iso(at + (c + 1) * 100), postId, author);
        }
      }
    }
  })();
  db.close();
}

/** W5's input, the same plain data for every contender; each builds its own objects from it inside the timing. */
export function newUsers(size: Size): NewUser[] {
  return Array.from({ length: size.w5Users }, (_, i) => ({
    username: `new${i + 1}`,
    email: `new${i + 1}@example.com`,
    createdAt: new Date(BASE + (size.users + i + 1) * 60_000),
    posts: Array.from({ length: size.postsPerUser }, (_, p) => ({
      title: `Post ${p + 1} by new${i + 1}`,
      content: content(i * size.postsPerUser + p),
      published: p % 2 === 0,
      createdAt: new Date(BASE + (i * size.postsPerUser + p) * 1_000),
    })),
  }));
}

/** What each read workload builds: users + posts (+ comments), the number every contender's run must return. */
export function expectedCount(workload: string, size: Size): number {
  const posts = size.users * size.postsPerUser;
  switch (workload) {
    case "W1":
      return size.users + posts;
    case "W2":
      return size.users + posts + posts * size.commentsPerPost;
    case "W3":
      return size.w3Users * (1 + size.postsPerUser);
    case "W4":
      return size.w4Users;
    default:
      return size.w5Users * (1 + size.postsPerUser);
  }
}

const count = (db: Database.Database, sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;

/** After W4 / W5: the file holds what the workload should have left, or the run did different work. */
export function checkWrite(db: Database.Database, workload: "W4" | "W5", size: Size): string | undefined {
  const posts = size.users * size.postsPerUser;
  const seen = {
    users: count(db, `SELECT count(*) FROM "users"`),
    posts: count(db, `SELECT count(*) FROM "posts"`),
    comments: count(db, `SELECT count(*) FROM "comments"`),
    linked: count(db, `SELECT count(*) FROM "posts" p JOIN "users" u ON u."id" = p."userId" WHERE u."username" LIKE 'new%'`),
    orphans: count(db, `SELECT count(*) FROM "comments" WHERE "userId" IS NOT NULL AND "userId" NOT IN (SELECT "id" FROM "users")`),
  };
  const gone = size.w4Users;
  const want =
    workload === "W4"
      ? { users: size.users - gone, posts: posts - gone * size.postsPerUser, comments: (posts - gone * size.postsPerUser) * size.commentsPerPost, linked: 0, orphans: 0 }
      : { users: size.users + size.w5Users, posts: posts + size.w5Users * size.postsPerUser, comments: posts * size.commentsPerPost, linked: size.w5Users * size.postsPerUser, orphans: 0 };
  const wrong = Object.entries(want).filter(([k, v]) => seen[k as keyof typeof seen] !== v);
  return wrong.length === 0 ? undefined : wrong.map(([k, v]) => `${k} ${seen[k as keyof typeof seen]} (want ${v})`).join(", ");
}
