// The hand-written floor: better-sqlite3 with prepared statements, the
// fastest SQL we know for each workload, building plain arrays and objects.
import { sqliteFile, type Open, type Variant } from "../protocol.js";
import { benchModules, versionOf } from "../versions.js";
import { openReads } from "./floor-sqlite-sql.js";

type Row = unknown[];

export const open: Open = async ({ target, size }) => {
  const file = sqliteFile(target);
  const { db, w1, w2, firstUsers, postsOf } = openReads(file);
  const ids = Array.from({ length: size.w4Users }, (_, i) => i + 1);
  const list = ids.map(() => "?").join(", ");
  const deleteComments = db.prepare(`DELETE FROM "comments" WHERE "postId" IN (SELECT "id" FROM "posts" WHERE "userId" IN (${list}))`);
  const deletePosts = db.prepare(`DELETE FROM "posts" WHERE "userId" IN (${list})`);
  const deleteUsers = db.prepare(`DELETE FROM "users" WHERE "id" IN (${list})`);
  const insertUser = db.prepare(`INSERT INTO "users" ("username", "email", "createdAt") VALUES (?, ?, ?)`);
  const insertPost = db.prepare(`INSERT INTO "posts" ("title", "content", "published", "createdAt", "userId") VALUES (?, ?, ?, ?, ?)`);

  const nested = (rows: Row[], depth: 1 | 2) => {
    let objects = 0;
    for (const r of rows) {
      const posts = JSON.parse(r[4] as string) as Row[];
      objects += 1 + posts.length;
      if (depth === 2) for (const p of posts) objects += (p[7] as Row[]).length;
    }
    return objects;
  };
  const variants: Variant[] = [
    { workload: "W1", label: "1 statement, json_group_array", run: async () => nested(w1.all() as Row[], 1) },
    { workload: "W2", label: "1 statement, nested json_group_array", run: async () => nested(w2.all() as Row[], 2) },
    {
      workload: "W3",
      label: "prepared N+1 loop",
      run: async () => {
        const users = firstUsers.all(size.w3Users) as Row[];
        let objects = users.length;
        for (const u of users) objects += (postsOf.all(u[0]) as Row[]).length;
        return objects;
      },
    },
    {
      workload: "W4",
      label: "3 × DELETE … IN, one transaction",
      run: async () =>
        db.transaction(() => {
          deleteComments.run(ids);
          deletePosts.run(ids);
          return deleteUsers.run(ids).changes;
        })(),
    },
    {
      workload: "W5",
      label: "prepared INSERT per row, one transaction",
      run: async ({ newUsers }) =>
        db.transaction(() => {
          let objects = 0;
          for (const u of newUsers) {
            const id = insertUser.run(u.username, u.email, u.createdAt.toISOString()).lastInsertRowid;
            for (const p of u.posts) insertPost.run(p.title, p.content, p.published ? 1 : 0, p.createdAt.toISOString(), id);
            objects += 1 + u.posts.length;
          }
          return objects;
        })(),
    },
  ];
  return { name: "hand-written", version: versionOf(benchModules, "better-sqlite3"), variants, close: async () => void db.close() };
};
