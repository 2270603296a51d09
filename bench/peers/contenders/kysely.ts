// Kysely (SqliteDialect over better-sqlite3): jsonArrayFrom for W1/W2 with
// ParseJSONResultsPlugin, a select per user for W3. Kysely is a query builder:
// W4 is three DELETEs in a transaction, W5 multi-row INSERTs with RETURNING.
import Database from "better-sqlite3";
import { Kysely, ParseJSONResultsPlugin, SqliteDialect, type ExpressionBuilder, type Generated, type SelectQueryBuilder } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/sqlite";
import { countStatementsOf } from "../../src/count.js";
import { sqliteFile, type Open, type Variant } from "../../src/protocol.js";
import { versionOf } from "../../src/versions.js";
import { chunked, peerModules } from "./shared.js";

interface DB {
  users: { id: Generated<number>; username: string; email: string; createdAt: string };
  posts: { id: Generated<number>; title: string; content: string; published: number; createdAt: string; userId: number; blogId: number | null };
  comments: { id: Generated<number>; text: string; createdAt: string; postId: number; userId: number | null };
}

export const open: Open = async ({ target, size }) => {
  const file = sqliteFile(target);
  countStatementsOf(Database);
  const sqlite = new Database(file);
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new ParseJSONResultsPlugin()] });
  const postColumns = ["p.id", "p.title", "p.content", "p.published", "p.createdAt", "p.userId", "p.blogId"] as const;
  /** Users with a JSON array of their posts, newest first; `posts` picks the posts' columns. */
  const usersWith = <P>(posts: (eb: ExpressionBuilder<DB & { u: DB["users"] }, "u">) => SelectQueryBuilder<DB & { u: DB["users"]; p: DB["posts"] }, "u" | "p", P>) =>
    db
      .selectFrom("users as u")
      .select((eb) => ["u.id", "u.username", "u.email", "u.createdAt", jsonArrayFrom(posts(eb).whereRef("p.userId", "=", "u.id").orderBy("p.createdAt", "desc")).as("posts")])
      .orderBy("u.id")
      .execute();
  const ids = Array.from({ length: size.w4Users }, (_, i) => i + 1);

  const variants: Variant[] = [
    {
      workload: "W1",
      label: "jsonArrayFrom",
      run: async () => {
        const rows = await usersWith((eb) => eb.selectFrom("posts as p").select(postColumns));
        return rows.reduce((n, u) => n + 1 + u.posts.length, 0);
      },
    },
    {
      workload: "W2",
      label: "nested jsonArrayFrom",
      run: async () => {
        const rows = await usersWith((eb) =>
          eb
            .selectFrom("posts as p")
            .select((eb2) => [
              ...postColumns,
              jsonArrayFrom(
                eb2.selectFrom("comments as c").select(["c.id", "c.text", "c.createdAt", "c.postId", "c.userId"]).whereRef("c.postId", "=", "p.id").orderBy("c.createdAt"),
              ).as("comments"),
            ]),
        );
        return rows.reduce((n, u) => n + 1 + u.posts.reduce((m, p) => m + 1 + p.comments.length, 0), 0);
      },
    },
    {
      workload: "W3",
      label: "select per user",
      run: async () => {
        const first = await db.selectFrom("users").selectAll().orderBy("id").limit(size.w3Users).execute();
        let n = first.length;
        for (const u of first) n += (await db.selectFrom("posts").selectAll().where("userId", "=", u.id).orderBy("createdAt", "desc").execute()).length;
        return n;
      },
    },
    {
      workload: "W4",
      label: "3 DELETEs in a transaction (no ORM cascade)",
      run: async () =>
        db.transaction().execute(async (tx) => {
          await tx.deleteFrom("comments").where("postId", "in", tx.selectFrom("posts").select("id").where("userId", "in", ids)).execute();
          await tx.deleteFrom("posts").where("userId", "in", ids).execute();
          const [result] = await tx.deleteFrom("users").where("id", "in", ids).execute();
          return Number(result!.numDeletedRows);
        }),
    },
    {
      workload: "W5",
      label: "multi-row INSERT … RETURNING in a transaction (no unit of work)",
      run: async ({ newUsers }) =>
        db.transaction().execute(async (tx) => {
          let n = 0;
          for (const part of chunked(newUsers, 500)) {
            const made = await tx
              .insertInto("users")
              .values(part.map((u) => ({ username: u.username, email: u.email, createdAt: u.createdAt.toISOString() })))
              .returning("id")
              .execute();
            const rows = part.flatMap((u, i) =>
              u.posts.map((p) => ({ title: p.title, content: p.content, published: p.published ? 1 : 0, createdAt: p.createdAt.toISOString(), userId: made[i]!.id })),
            );
            for (const chunk of chunked(rows, 500)) await tx.insertInto("posts").values(chunk).execute();
            n += made.length + rows.length;
          }
          return n;
        }),
    },
  ];
  return { name: "Kysely", version: versionOf(peerModules, "kysely"), variants, close: () => db.destroy() };
};
