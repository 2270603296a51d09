// Drizzle ORM (better-sqlite3): the relational query API for W1/W2, a
// prepared statement for W3. Drizzle has no unit of work and no ORM cascade:
// W4 is its three DELETEs in a transaction, W5 multi-row INSERTs (chunked
// under SQLite's parameter limit) with RETURNING for the users' keys.
import Database from "better-sqlite3";
import { asc, desc, eq, inArray, lte, relations, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { countStatementsOf } from "../../src/count.js";
import { sqliteFile, type Open, type Variant } from "../../src/protocol.js";
import { versionOf } from "../../src/versions.js";
import { chunked, peerModules } from "./shared.js";

const iso = { mode: "text" } as const;
const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull(),
  email: text("email").notNull(),
  createdAt: text("createdAt", iso).notNull(),
});
const posts = sqliteTable("posts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull(),
  content: text("content").notNull(),
  published: integer("published", { mode: "boolean" }).notNull(),
  createdAt: text("createdAt", iso).notNull(),
  userId: integer("userId").notNull(),
  blogId: integer("blogId"),
});
const comments = sqliteTable("comments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  text: text("text").notNull(),
  createdAt: text("createdAt", iso).notNull(),
  postId: integer("postId").notNull(),
  userId: integer("userId"),
});
const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
const postsRelations = relations(posts, ({ one, many }) => ({
  author: one(users, { fields: [posts.userId], references: [users.id] }),
  comments: many(comments),
}));
const commentsRelations = relations(comments, ({ one }) => ({ post: one(posts, { fields: [comments.postId], references: [posts.id] }) }));
const schema = { users, posts, comments, usersRelations, postsRelations, commentsRelations };

export const open: Open = async ({ target, size }) => {
  const file = sqliteFile(target);
  countStatementsOf(Database);
  const sqlite = new Database(file);
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  const postsOf = db
    .select()
    .from(posts)
    .where(eq(posts.userId, sql.placeholder("id")))
    .orderBy(desc(posts.createdAt))
    .prepare();
  const ids = Array.from({ length: size.w4Users }, (_, i) => i + 1);

  const variants: Variant[] = [
    {
      workload: "W1",
      label: "db.query.users.findMany({ with: { posts } })",
      run: async () => {
        const rows = await db.query.users.findMany({ orderBy: asc(users.id), with: { posts: { orderBy: desc(posts.createdAt) } } });
        return rows.reduce((n, u) => n + 1 + u.posts.length, 0);
      },
    },
    {
      workload: "W2",
      label: "findMany({ with: { posts: { with: { comments } } } })",
      run: async () => {
        const rows = await db.query.users.findMany({
          orderBy: asc(users.id),
          with: { posts: { orderBy: desc(posts.createdAt), with: { comments: { orderBy: asc(comments.createdAt) } } } },
        });
        return rows.reduce((n, u) => n + 1 + u.posts.reduce((m, p) => m + 1 + p.comments.length, 0), 0);
      },
    },
    {
      workload: "W3",
      label: "prepared select per user",
      run: async () => {
        const first = db.select().from(users).orderBy(asc(users.id)).limit(size.w3Users).all();
        let n = first.length;
        for (const u of first) n += postsOf.all({ id: u.id }).length;
        return n;
      },
    },
    {
      workload: "W4",
      label: "3 DELETEs in a transaction (no ORM cascade)",
      run: async () =>
        db.transaction((tx) => {
          tx.delete(comments).where(inArray(comments.postId, tx.select({ id: posts.id }).from(posts).where(inArray(posts.userId, ids)))).run();
          tx.delete(posts).where(inArray(posts.userId, ids)).run();
          return tx.delete(users).where(lte(users.id, size.w4Users)).run().changes;
        }),
    },
    {
      workload: "W5",
      label: "multi-row INSERT … RETURNING in a transaction (no unit of work)",
      run: async ({ newUsers }) =>
        db.transaction((tx) => {
          let n = 0;
          for (const part of chunked(newUsers, 500)) {
            const made = tx
              .insert(users)
              .values(part.map((u) => ({ username: u.username, email: u.email, createdAt: u.createdAt.toISOString() })))
              .returning({ id: users.id })
              .all();
            const rows = part.flatMap((u, i) =>
              u.posts.map((p) => ({ title: p.title, content: p.content, published: p.published, createdAt: p.createdAt.toISOString(), userId: made[i]!.id })),
            );
            for (const chunk of chunked(rows, 500)) tx.insert(posts).values(chunk).run();
            n += made.length + rows.length;
          }
          return n;
        }),
    },
  ];
  return { name: "Drizzle", version: versionOf(peerModules, "drizzle-orm"), variants, close: async () => void sqlite.close() };
};
