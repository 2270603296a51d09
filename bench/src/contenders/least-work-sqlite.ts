// The least an ORM must do on top of the floor's SQL, written by hand: the
// same statements, but every row becomes a class instance with real Dates and
// booleans, registered in an identity map (one Map per table), and W4 reads
// the keys an ORM cascade needs before deleting (loaded children go through
// the ORM). Its ratio to the floor is what no ORM can go below, so it tells
// how much of a target is left for a runtime to win. (Building the objects
// from a flat LEFT JOIN instead of the JSON measured 1.3–1.6× slower than
// this, so the JSON statement stays.)
import type Database from "better-sqlite3";
import { sqliteFile, type Open, type Variant } from "../protocol.js";
import { benchModules, versionOf } from "../versions.js";
import { openReads } from "./floor-sqlite-sql.js";

type Row = unknown[];

class User {
  posts: Post[] = [];
  constructor(
    readonly id: number,
    public username: string,
    public email: string,
    public createdAt: Date,
  ) {}
}
class Post {
  comments: Comment[] = [];
  constructor(
    readonly id: number,
    public title: string,
    public content: string,
    public published: boolean,
    public createdAt: Date,
    public userId: number | null,
    public blogId: number | null,
  ) {}
}
class Comment {
  constructor(
    readonly id: number,
    public text: string,
    public createdAt: Date,
    public postId: number,
    public userId: number,
  ) {}
}

/** One identity map per table: the same row gives the same object. */
class Identity {
  readonly users = new Map<number, User>();
  readonly posts = new Map<number, Post>();
  readonly comments = new Map<number, Comment>();
}

function user(map: Identity, r: Row): User {
  const id = r[0] as number;
  let u = map.users.get(id);
  if (!u) map.users.set(id, (u = new User(id, r[1] as string, r[2] as string, new Date(r[3] as string))));
  return u;
}
function post(map: Identity, r: Row): Post {
  const id = r[0] as number;
  let p = map.posts.get(id);
  if (!p) {
    p = new Post(id, r[1] as string, r[2] as string, r[3] === 1, new Date(r[4] as string), r[5] as number | null, r[6] as number | null);
    map.posts.set(id, p);
  }
  return p;
}
function comment(map: Identity, r: Row): Comment {
  const id = r[0] as number;
  let c = map.comments.get(id);
  if (!c) map.comments.set(id, (c = new Comment(id, r[1] as string, new Date(r[2] as string), r[3] as number, r[4] as number)));
  return c;
}

export const open: Open = async ({ target, size }) => {
  const file = sqliteFile(target);
  const { db, w1, w2, firstUsers, postsOf } = openReads(file);
  const usersUpTo = db.prepare(`SELECT "id", "username", "email", "createdAt" FROM "users" WHERE "id" <= ?`).raw(true);
  const list = (n: number) => Array.from({ length: n }, () => "?").join(", ");
  // Prepared once per key count, as a statement cache would.
  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string) => prepared.get(sql) ?? prepared.set(sql, db.prepare(sql)).get(sql)!;
  const keysIn = (sql: (marks: string) => string, keys: readonly unknown[]) => statement(sql(list(keys.length))).raw(true).all(...keys) as Row[];
  const deleteIn = (table: string, keys: readonly unknown[]) => statement(`DELETE FROM "${table}" WHERE "id" IN (${list(keys.length)})`).run(...keys);
  const insertUser = db.prepare(`INSERT INTO "users" ("username", "email", "createdAt") VALUES (?, ?, ?)`);
  const insertPost = db.prepare(`INSERT INTO "posts" ("title", "content", "published", "createdAt", "userId") VALUES (?, ?, ?, ?, ?)`);

  const nested = (rows: Row[], depth: 1 | 2) => {
    const map = new Identity();
    let objects = 0;
    for (const r of rows) {
      const u = user(map, r);
      objects++;
      for (const pr of JSON.parse(r[4] as string) as Row[]) {
        const p = post(map, pr);
        u.posts.push(p);
        objects++;
        if (depth === 2) {
          for (const cr of pr[7] as Row[]) {
            p.comments.push(comment(map, cr));
            objects++;
          }
        }
      }
    }
    return objects;
  };
  const variants: Variant[] = [
    { workload: "W1", label: "floor's statement + class instances + identity map", run: async () => nested(w1.all() as Row[], 1) },
    { workload: "W2", label: "floor's statement + class instances + identity map", run: async () => nested(w2.all() as Row[], 2) },
    {
      workload: "W3",
      label: "prepared N+1 loop + class instances + identity map",
      run: async () => {
        const map = new Identity();
        const users = (firstUsers.all(size.w3Users) as Row[]).map((r) => user(map, r));
        let objects = users.length;
        for (const u of users) {
          for (const r of postsOf.all(u.id) as Row[]) u.posts.push(post(map, r));
          objects += u.posts.length;
        }
        return objects;
      },
    },
    {
      workload: "W4",
      label: "load users, read child keys, null the comments' author, delete posts and users by key",
      run: async () => {
        const map = new Identity();
        const users = (usersUpTo.all(size.w4Users) as Row[]).map((r) => user(map, r));
        const userIds = users.map((u) => u.id);
        return db.transaction(() => {
          // The blog schema's rules: posts cascade (their comments go by the database, @passiveDeletes);
          // a user's comments do not cascade, so their author key is cleared.
          const postIds = keysIn((m) => `SELECT "id" FROM "posts" WHERE "userId" IN (${m})`, userIds).map((r) => r[0]);
          const commentIds = keysIn((m) => `SELECT "id" FROM "comments" WHERE "userId" IN (${m})`, userIds).map((r) => r[0]);
          statement(`UPDATE "comments" SET "userId" = NULL WHERE "id" IN (${list(commentIds.length)})`).run(...commentIds);
          deleteIn("posts", postIds);
          return deleteIn("users", userIds).changes;
        })();
      },
    },
    {
      workload: "W4",
      label: "load users, then by the users' keys: clear the comments' author, delete posts and users (no child read)",
      run: async () => {
        const map = new Identity();
        const userIds = (usersUpTo.all(size.w4Users) as Row[]).map((r) => user(map, r).id);
        return db.transaction(() => {
          statement(`UPDATE "comments" SET "userId" = NULL WHERE "userId" IN (${list(userIds.length)})`).run(...userIds);
          statement(`DELETE FROM "posts" WHERE "userId" IN (${list(userIds.length)})`).run(...userIds);
          return deleteIn("users", userIds).changes;
        })();
      },
    },
    {
      workload: "W5",
      label: "class instances, prepared INSERT per row, keys written back",
      run: async ({ newUsers }) => {
        const users = newUsers.map((d) => {
          const u = new User(0, d.username, d.email, d.createdAt);
          for (const p of d.posts) u.posts.push(new Post(0, p.title, p.content, p.published, p.createdAt, null, null));
          return u;
        });
        return db.transaction(() => {
          let objects = 0;
          for (const u of users) {
            (u as { id: number }).id = Number(insertUser.run(u.username, u.email, u.createdAt.toISOString()).lastInsertRowid);
            for (const p of u.posts) {
              p.userId = u.id;
              (p as { id: number }).id = Number(insertPost.run(p.title, p.content, p.published ? 1 : 0, p.createdAt.toISOString(), u.id).lastInsertRowid);
            }
            objects += 1 + u.posts.length;
          }
          return objects;
        })();
      },
    },
  ];
  return { name: "by hand + objects", version: versionOf(benchModules, "better-sqlite3"), variants, close: async () => void db.close() };
};
