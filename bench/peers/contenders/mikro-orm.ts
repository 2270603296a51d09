// MikroORM 6 (the last major that runs on Node 20; 7 needs Node 22) with the
// better-sqlite driver and EntitySchema definitions. Its default `joined`
// strategy for W1/W2, `collection.init()` per user for W3, `em.remove` +
// `flush` with Cascade.ALL + orphanRemoval for W4, `em.persist` + `flush` for
// W5, each run in a fresh fork of the EntityManager (empty identity map).
import Database from "better-sqlite3";
import { BetterSqliteDriver } from "@mikro-orm/better-sqlite";
import { Cascade, Collection, EntitySchema, MikroORM } from "@mikro-orm/core";
import { countStatementsOf } from "../../src/count.js";
import { sqliteFile, type Open, type Variant } from "../../src/protocol.js";
import { versionOf } from "../../src/versions.js";
import { peerModules } from "./shared.js";

class User {
  id!: number;
  username!: string;
  email!: string;
  createdAt!: Date;
  posts = new Collection<Post>(this);
}
class Post {
  id!: number;
  title!: string;
  content!: string;
  published!: boolean;
  createdAt!: Date;
  author!: User;
  blogId?: number | null;
  comments = new Collection<Comment>(this);
}
class Comment {
  id!: number;
  text!: string;
  createdAt!: Date;
  post!: Post;
  userId?: number | null;
}

const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: "users",
  properties: {
    id: { type: "number", primary: true, autoincrement: true },
    username: { type: "string" },
    email: { type: "string" },
    createdAt: { type: "Date" },
    posts: { kind: "1:m", entity: () => Post, mappedBy: "author", cascade: [Cascade.ALL], orphanRemoval: true },
  },
});
const PostSchema = new EntitySchema<Post>({
  class: Post,
  tableName: "posts",
  properties: {
    id: { type: "number", primary: true, autoincrement: true },
    title: { type: "string" },
    content: { type: "text" },
    published: { type: "boolean" },
    createdAt: { type: "Date" },
    author: { kind: "m:1", entity: () => User, fieldName: "userId", deleteRule: "cascade" },
    blogId: { type: "number", nullable: true, fieldName: "blogId" },
    comments: { kind: "1:m", entity: () => Comment, mappedBy: "post" },
  },
});
const CommentSchema = new EntitySchema<Comment>({
  class: Comment,
  tableName: "comments",
  properties: {
    id: { type: "number", primary: true, autoincrement: true },
    text: { type: "text" },
    createdAt: { type: "Date" },
    post: { kind: "m:1", entity: () => Post, fieldName: "postId", deleteRule: "cascade" },
    userId: { type: "number", nullable: true, fieldName: "userId" },
  },
});

export const open: Open = async ({ target, size }) => {
  const file = sqliteFile(target);
  countStatementsOf(Database);
  const orm = await MikroORM.init({
    driver: BetterSqliteDriver,
    dbName: file,
    entities: [UserSchema, PostSchema, CommentSchema],
    discovery: { warnWhenNoEntities: false },
    // The columns keep the names the migration gave them (camelCase).
    namingStrategy: (await import("@mikro-orm/core")).EntityCaseNamingStrategy,
    allowGlobalContext: false,
    debug: false,
  });
  const em = () => orm.em.fork();

  const variants: Variant[] = [
    {
      workload: "W1",
      label: "find({ populate: ['posts'] })",
      run: async () => {
        const rows = await em().find(User, {}, { populate: ["posts"], orderBy: { id: "asc", posts: { createdAt: "desc" } } });
        return rows.reduce((n, u) => n + 1 + u.posts.length, 0);
      },
    },
    {
      workload: "W2",
      label: "find({ populate: ['posts.comments'] })",
      run: async () => {
        const rows = await em().find(
          User,
          {},
          { populate: ["posts.comments"], orderBy: { id: "asc", posts: { createdAt: "desc", comments: { createdAt: "asc" } } } },
        );
        return rows.reduce((n, u) => n + 1 + u.posts.getItems().reduce((m, p) => m + 1 + p.comments.length, 0), 0);
      },
    },
    {
      workload: "W3",
      label: "await u.posts.init() per user",
      run: async () => {
        const first = await em().find(User, {}, { orderBy: { id: "asc" }, limit: size.w3Users });
        let n = first.length;
        for (const u of first) n += (await u.posts.init({ orderBy: { createdAt: "desc" } })).length;
        return n;
      },
    },
    {
      workload: "W4",
      label: "em.remove(user) × N, flush (Cascade.ALL)",
      run: async () => {
        const fork = em();
        const doomed = await fork.find(User, { id: { $lte: size.w4Users } }, { populate: ["posts"] });
        for (const u of doomed) fork.remove(u);
        await fork.flush();
        return doomed.length;
      },
    },
    {
      workload: "W5",
      label: "em.persist(user) × N, flush",
      run: async ({ newUsers }) => {
        const fork = em();
        let n = 0;
        for (const data of newUsers) {
          const user = fork.create(User, { username: data.username, email: data.email, createdAt: data.createdAt });
          for (const p of data.posts) user.posts.add(fork.create(Post, { ...p, author: user }));
          fork.persist(user);
          n += 1 + data.posts.length;
        }
        await fork.flush();
        return n;
      },
    },
  ];
  return { name: "MikroORM", version: versionOf(peerModules, "@mikro-orm/core"), variants, close: () => orm.close(true) };
};
