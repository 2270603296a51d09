// TypeORM (better-sqlite3 driver) with EntitySchema definitions (no decorator
// build step). Default relation loading (joins) for W1/W2, `find` per user for
// W3, `remove` with `cascade` for W4, `save` of the object graph for W5.
import "reflect-metadata";
import Database from "better-sqlite3";
import { DataSource, EntitySchema, LessThanOrEqual } from "typeorm";
import { countStatementsOf } from "../../src/count.js";
import { sqliteFile, type Open, type Variant } from "../../src/protocol.js";
import { versionOf } from "../../src/versions.js";
import { peerModules } from "./shared.js";

class User {
  id!: number;
  username!: string;
  email!: string;
  createdAt!: Date;
  posts!: Post[];
}
class Post {
  id!: number;
  title!: string;
  content!: string;
  published!: boolean;
  createdAt!: Date;
  userId!: number;
  blogId!: number | null;
  author!: User;
  comments!: Comment[];
}
class Comment {
  id!: number;
  text!: string;
  createdAt!: Date;
  postId!: number;
  userId!: number | null;
  post!: Post;
}

const UserSchema = new EntitySchema<User>({
  name: "User",
  target: User,
  tableName: "users",
  columns: {
    id: { type: Number, primary: true, generated: "increment" },
    username: { type: String },
    email: { type: String },
    createdAt: { type: "datetime" },
  },
  relations: { posts: { type: "one-to-many", target: "Post", inverseSide: "author", cascade: true } },
});
const PostSchema = new EntitySchema<Post>({
  name: "Post",
  target: Post,
  tableName: "posts",
  columns: {
    id: { type: Number, primary: true, generated: "increment" },
    title: { type: String },
    content: { type: String },
    published: { type: Boolean },
    createdAt: { type: "datetime" },
    userId: { type: Number },
    blogId: { type: Number, nullable: true },
  },
  relations: {
    author: { type: "many-to-one", target: "User", inverseSide: "posts", joinColumn: { name: "userId" }, onDelete: "CASCADE" },
    comments: { type: "one-to-many", target: "Comment", inverseSide: "post" },
  },
});
const CommentSchema = new EntitySchema<Comment>({
  name: "Comment",
  target: Comment,
  tableName: "comments",
  columns: {
    id: { type: Number, primary: true, generated: "increment" },
    text: { type: String },
    createdAt: { type: "datetime" },
    postId: { type: Number },
    userId: { type: Number, nullable: true },
  },
  relations: { post: { type: "many-to-one", target: "Post", inverseSide: "comments", joinColumn: { name: "postId" }, onDelete: "CASCADE" } },
});

export const open: Open = async ({ target, size }) => {
  const file = sqliteFile(target);
  countStatementsOf(Database);
  const ds = new DataSource({ type: "better-sqlite3", database: file, entities: [UserSchema, PostSchema, CommentSchema], synchronize: false, logging: false });
  await ds.initialize();
  const users = ds.getRepository(User);
  const posts = ds.getRepository(Post);

  const variants: Variant[] = [
    {
      workload: "W1",
      label: "find({ relations: { posts } })",
      run: async () => {
        const rows = await users.find({ relations: { posts: true }, order: { id: "ASC", posts: { createdAt: "DESC" } } });
        return rows.reduce((n, u) => n + 1 + u.posts.length, 0);
      },
    },
    {
      workload: "W2",
      label: "find({ relations: { posts: { comments } } })",
      run: async () => {
        const rows = await users.find({
          relations: { posts: { comments: true } },
          order: { id: "ASC", posts: { createdAt: "DESC", comments: { createdAt: "ASC" } } },
        });
        return rows.reduce((n, u) => n + 1 + u.posts.reduce((m, p) => m + 1 + p.comments.length, 0), 0);
      },
    },
    {
      workload: "W3",
      label: "find posts per user",
      run: async () => {
        const first = await users.find({ order: { id: "ASC" }, take: size.w3Users });
        let n = first.length;
        for (const u of first) n += (await posts.find({ where: { userId: u.id }, order: { createdAt: "DESC" } })).length;
        return n;
      },
    },
    {
      workload: "W4",
      // Unchunked, TypeORM deletes 1,000 posts with `id = ? OR id = ? …`, past SQLite's expression depth (1000): it fails.
      label: "remove(users with posts, { chunk: 50 }), cascade",
      run: async () => {
        const doomed = await users.find({ where: { id: LessThanOrEqual(size.w4Users) }, relations: { posts: true } });
        await users.remove(doomed, { chunk: 50 });
        return doomed.length;
      },
    },
    {
      workload: "W5",
      label: "save(users with posts), cascade",
      run: async ({ newUsers }) => {
        const made = newUsers.map((u) =>
          users.create({ username: u.username, email: u.email, createdAt: u.createdAt, posts: u.posts.map((p) => posts.create({ ...p })) }),
        );
        await users.save(made);
        return made.reduce((n, u) => n + 1 + u.posts.length, 0);
      },
    },
  ];
  return { name: "TypeORM", version: versionOf(peerModules, "typeorm"), variants, close: () => ds.destroy() };
};
