// The blog schema (fixtures/blog/schema.rel) end to end: `npm run example`
// generates ./generated with the relgen CLI, then runs this file, which
// creates blog.db with relgen's migrator from the generated migrations (or,
// with DATABASE_URL, a scratch schema on that PostgreSQL or MySQL server) and works through one
// engine: writes with cascades, eager and lazy loading, the identity map, an
// update, and deletes that cascade. After each step it prints what it found
// and the statements the step took.
import { createEngine, NotLoadedError } from "@relgen/runtime";
import { openDatabase } from "./database.js";
import { Blog, Comment, models, Post, schema, User } from "./generated/index.js";
import { StatementCounter } from "./statement-counter.js";

// ---- a fresh database, migrated as an app does on start (SQLite, or the server DATABASE_URL names)
const database = await openDatabase(process.env.DATABASE_URL);
const engine = createEngine({ driver: database.driver, schema, models });
const statements = new StatementCounter(engine);

let stepNumber = 0;
/**
 * Runs one step and prints what it said, how many statements it took and
 * which; then `check` (reads in a new session, not counted) and what it said.
 */
async function step(title: string, work: () => Promise<string[]>, check?: () => Promise<string[]>): Promise<void> {
  statements.take();
  const start = performance.now();
  const lines = await work();
  const ms = performance.now() - start;
  const { count, summary } = statements.take();
  console.log(`\n${++stepNumber}. ${title}`);
  for (const line of lines) console.log(`   ${line}`);
  console.log(`   → ${plural(count, "statement")}${count > 0 ? `: ${summary}` : ""}  (${ms.toFixed(1)} ms)`);
  if (check) for (const line of await check()) console.log(`   check: ${line}`);
  statements.take();
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Fixed timestamps, so that `@orderBy(createdAt ...)` gives the same order on every run. */
const at = (day: number, hour = 12) => new Date(Date.UTC(2024, 4, day, hour));
const names = (users: readonly { username: string }[]) => users.map((u) => u.username).join(", ");

console.log(`${database.where}: migrate() applied ${database.applied.join(", ")} from generated/migrations`);

// ---- 1. write: one add, the cascades bring the rest
let aliceId = 0;
await step("Write: build a small blog in memory, session.add(alice), commit", async () => {
  const session = engine.session();
  const alice = new User({ username: "alice", email: "alice@example.com" });
  const bob = new User({ username: "bob", email: "bob@example.com" });
  const carol = new User({ username: "carol", email: "carol@example.com" });
  const engineering = new Blog({ name: "Engineering" });
  const travel = new Blog({ name: "Travel" });

  // Created through the parent's collection: each post's author (and each comment's post) is set in
  // memory, and fills the foreign key at flush.
  const post = (author: User, title: string, blog: Blog, day: number, published = true) =>
    author.posts.create({ title, content: `${title}: the text.`, blog, published, createdAt: at(day) });
  const comment = (on: Post, text: string, author: User | null, day: number, hour: number) =>
    on.comments.create({ text, author, createdAt: at(day, hour) });

  const sqlite = post(alice, "Why SQLite", engineering, 1);
  comment(sqlite, "Agreed.", bob, 2, 9);
  comment(sqlite, "What about WAL?", carol, 2, 10);
  const lisbon = post(alice, "Three days in Lisbon", travel, 3);
  comment(lisbon, "Go to Belém.", carol, 4, 8);
  post(alice, "Draft: indexes", engineering, 5, false);
  const welcome = post(bob, "Bob's first post", engineering, 6);
  comment(welcome, "Welcome!", alice, 6, 14);
  comment(welcome, "Anonymous cheer", null, 6, 15);
  const caching = post(carol, "Carol on caching", engineering, 7);
  comment(caching, "Nice one.", alice, 7, 18);

  // save-update cascades: alice → her posts → their blogs and comments → the comments' authors (bob, carol)
  // → their posts and comments. One add reaches all of it.
  session.add(alice);
  const pending = session.size;
  await session.commit();
  aliceId = alice.id;
  return [
    `session.add(alice) put ${pending} objects in the session (3 users, 2 blogs, 5 posts, 6 comments)`,
    `ids after commit: alice ${alice.id}, bob ${bob.id}, carol ${carol.id}; "${sqlite.title}" ${sqlite.id} (userId ${sqlite.userId}, blogId ${sqlite.blogId})`,
  ];
});

// ---- 2. eager, joined: one statement for three levels
await step('Eager, joined: query(User).with({ posts: { lazy: "joined", with: { comments: "joined" } } })', async () => {
  const session = engine.session();
  const users = await session
    .query(User)
    .orderBy("username")
    .with({ posts: { lazy: "joined", with: { comments: "joined" } } })
    .all();
  // What `.with` names is typed as loaded: `.value` reads without await. Comment.author is declared
  // `lazy: joined`, so it came in the same statement; `.get()` reads it (it would throw if it had not).
  return users.flatMap((u) => [
    `${u.username}: ${plural(u.posts.value.length, "post")} (newest first)`,
    ...u.posts.value.map(
      (p) =>
        `  "${p.title}"${p.published ? "" : " (draft)"}: ${p.comments.value.map((c) => `${c.author.get()?.username ?? "anonymous"}: ${c.text}`).join(" | ") || "no comments"}`,
    ),
  ]);
});

// ---- 3. eager, selectin: one statement per level
await step(
  'Eager, selectin: query(Post).where({ published: true }).with({ author: "selectin", comments: "selectin" })',
  async () => {
    const session = engine.session();
    const posts = await session
      .query(Post)
      .where({ published: true })
      .orderBy("title")
      .with({ author: "selectin", comments: "selectin" })
      .all();
    return posts.map((p) => `"${p.title}" by ${p.author.value.username}, ${plural(p.comments.value.length, "comment")}`);
  },
);

// ---- 4. lazy: nothing loads until asked
await step("Lazy (the declared `select`): load users, then each user's posts with `await u.posts.load()`", async () => {
  const session = engine.session();
  const users = await session.query(User).orderBy("username").all();
  const lines: string[] = [];
  try {
    void users[0]!.posts.size;
  } catch (error) {
    if (!(error instanceof NotLoadedError)) throw error;
    lines.push(`before loading, users[0].posts.size throws NotLoadedError: "${error.message}"`);
  }
  for (const u of users) {
    const posts = await u.posts.load(); // one SELECT per user: the N of 1 + N
    lines.push(`${u.username}: ${posts.map((p) => p.title).join(", ") || "no posts"}`);
  }
  return lines;
});

await step("Lazy loads started together share one statement: Promise.all(users.map((u) => u.comments.load()))", async () => {
  const session = engine.session();
  const users = await session.query(User).orderBy("username").all();
  await Promise.all(users.map((u) => u.comments.load()));
  return users.map((u) => `${u.username} wrote ${plural(u.comments.size, "comment")}`);
});

// ---- 5. identity map, change tracking
let postId = 0;
await step(
  "Identity map and an update: query a post, session.get it again, change its title, commit",
  async () => {
    const session = engine.session();
    const first = await session.query(Post).where({ title: "Why SQLite" }).one();
    const again = await session.get(Post, first.id); // from the identity map: no statement
    first.title = "Why SQLite (updated)";
    await session.commit(); // an UPDATE of the changed column only
    postId = first.id;
    return [`session.get returned the same object: ${first === again}`];
  },
  async () => [`title in a new session: "${(await engine.session().get(Post, postId))!.title}"`],
);

// ---- 6. delete-orphan: removing a post from its author's posts deletes it
let bobId = 0;
await step(
  "delete-orphan: load bob with his posts, bob.posts.remove(post), commit",
  async () => {
    const session = engine.session();
    const bob = await session.query(User).where({ username: "bob" }).with({ posts: "selectin" }).one();
    const orphan = bob.posts.value[0]!;
    bob.posts.remove(orphan);
    await session.commit();
    bobId = bob.id;
    return [`removed "${orphan.title}": deleted, and its comments with it (ON DELETE CASCADE, @passiveDeletes)`];
  },
  async () => [`bob has ${plural(await engine.session().query(Post).where({ userId: bobId }).count(), "post")} in the database`],
);

// ---- 7. cascading delete
await step(
  "Cascading delete: session.delete(alice), commit",
  async () => {
    const session = engine.session();
    const alice = (await session.get(User, aliceId))!;
    session.delete(alice);
    // User.posts is @cascade(all): her posts are loaded and deleted, their comments go by the
    // database's ON DELETE (@passiveDeletes). User.comments has no delete cascade: her comments
    // are loaded and keep existing, with userId set to NULL.
    await session.commit();
    return [`deleted alice`];
  },
  async () => {
    const session = engine.session();
    const users = await session.query(User).orderBy("username").all();
    const posts = await session.query(Post).count();
    const comments = await session.query(Comment).orderBy("id").all();
    return [
      `users left: ${names(users)}; ${plural(posts, "post")} left`,
      `comments left: ${comments.map((c) => `"${c.text}" (userId ${c.userId ?? "null"})`).join(", ") || "none"}`,
    ];
  },
);

statements.stop();
await engine.close();
console.log(`\nDone. The data is in ${database.where}.`);
