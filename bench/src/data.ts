// The benchmark's data: deterministic rows for the blog fixture's tables, the
// W5 input, what each workload must return, and the check that a write
// workload left the tables as it should (the coordinator runs it, then
// restores the data).
import type { NewUser, Size } from "./protocol.js";

export const repoRoot = new URL("../../", import.meta.url).pathname;
const BLOGS = 10;
const BASE = Date.UTC(2024, 0, 1);
const BODY = "The quick brown fox jumps over the lazy dog. ".repeat(4);

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

export const COLUMNS = {
  blogs: ["id", "name"],
  users: ["id", "username", "email", "createdAt"],
  posts: ["id", "title", "content", "published", "createdAt", "userId", "blogId"],
  comments: ["id", "text", "createdAt", "postId", "userId"],
} as const;
export type Table = keyof typeof COLUMNS;
/** Parents before children. */
export const TABLES: readonly Table[] = ["blogs", "users", "posts", "comments"];

/** Every row of every table, values in COLUMNS order (dates as Date, booleans as boolean). */
export function seedRows(size: Size): Record<Table, unknown[][]> {
  const rows: Record<Table, unknown[][]> = { blogs: [], users: [], posts: [], comments: [] };
  for (let b = 1; b <= BLOGS; b++) rows.blogs.push([b, `Blog ${b}`]);
  for (let u = 1; u <= size.users; u++) rows.users.push([u, `user${u}`, `user${u}@example.com`, new Date(BASE + u * 60_000)]);
  let postId = 0;
  let commentId = 0;
  for (let u = 1; u <= size.users; u++) {
    for (let p = 0; p < size.postsPerUser; p++) {
      postId++;
      const at = BASE + postId * 1_000;
      rows.posts.push([postId, `Post ${p + 1} by user${u}`, content(postId), (u + p) % 2 === 1, new Date(at), u, postId % 4 === 0 ? null : (postId % BLOGS) + 1]);
      for (let c = 0; c < size.commentsPerPost; c++) {
        commentId++;
        // Comments point at users further down the list too; some have no author.
        const author = c === 2 && postId % 5 === 0 ? null : ((u + c * 7) % size.users) + 1;
        rows.comments.push([commentId, `Comment ${c + 1} on post ${postId}`, new Date(at + (c + 1) * 100), postId, author]);
      }
    }
  }
  return rows;
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

/** What a run must return: users + posts (+ comments) built, users deleted, or objects inserted. */
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

/** After W4 / W5: the tables hold what the workload should have left, or the run did different work. */
export async function checkWrite(
  count: (sql: string) => Promise<number>,
  q: (name: string) => string,
  workload: "W4" | "W5",
  size: Size,
): Promise<string | undefined> {
  const posts = size.users * size.postsPerUser;
  const seen = {
    users: await count(`SELECT count(*) FROM ${q("users")}`),
    posts: await count(`SELECT count(*) FROM ${q("posts")}`),
    comments: await count(`SELECT count(*) FROM ${q("comments")}`),
    linked: await count(`SELECT count(*) FROM ${q("posts")} p JOIN ${q("users")} u ON u.${q("id")} = p.${q("userId")} WHERE u.${q("username")} LIKE 'new%'`),
    orphans: await count(`SELECT count(*) FROM ${q("comments")} WHERE ${q("userId")} IS NOT NULL AND ${q("userId")} NOT IN (SELECT ${q("id")} FROM ${q("users")})`),
  };
  const left = posts - size.w4Users * size.postsPerUser;
  const want =
    workload === "W4"
      ? { users: size.users - size.w4Users, posts: left, comments: left * size.commentsPerPost, linked: 0, orphans: 0 }
      : { users: size.users + size.w5Users, posts: posts + size.w5Users * size.postsPerUser, comments: posts * size.commentsPerPost, linked: size.w5Users * size.postsPerUser, orphans: 0 };
  const wrong = Object.entries(want).filter(([k, v]) => Number(seen[k as keyof typeof seen]) !== v);
  return wrong.length === 0 ? undefined : wrong.map(([k, v]) => `${k} ${seen[k as keyof typeof seen]} (want ${v})`).join(", ");
}
