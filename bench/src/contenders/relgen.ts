// relgen: the runtime under test (or a baseline build of it, see baseline.ts)
// on the blog fixture's generated models, one fresh session per run. On
// SQLite its statements are counted at better-sqlite3 like every contender's;
// on the servers through engine.onStatement (transaction control left out).
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { countOne, countStatementsOf } from "../count.js";
import type { Open, Variant } from "../protocol.js";
import type * as Entry from "../relgen-entry.js";
import { MARIADB_SETTINGS, PG_SETTINGS, type TargetInfo } from "../target.js";

type Strategy = "joined" | "selectin" | "subquery";

function driverFor(target: TargetInfo, relgen: typeof Entry): { driver: ReturnType<typeof relgen.sqlite>; close(): void } {
  switch (target.engine) {
    case "sqlite": {
      countStatementsOf(Database);
      const db = new Database(target.file);
      return { driver: relgen.sqlite(db), close: () => db.close() };
    }
    case "postgres":
      return { driver: relgen.postgres({ ...PG_SETTINGS, max: 2, options: `-c search_path=${target.schema}` }), close: () => undefined };
    case "mariadb":
      return { driver: relgen.mysql({ ...MARIADB_SETTINGS, database: target.database, connectionLimit: 2 }), close: () => undefined };
  }
}

export const open: Open = async ({ target, size, entry, label }) => {
  const relgen = (await import(pathToFileURL(entry!).href)) as typeof Entry;
  const { createEngine, models, schema, User } = relgen;
  const connection = driverFor(target, relgen);
  const engine = createEngine({ driver: connection.driver, schema, models });
  if (target.engine !== "sqlite") {
    engine.onStatement((e) => {
      if (e.kind !== "transaction") countOne();
    });
  }
  const session = () => engine.session();

  const postsOf = (users: ReadonlyArray<{ posts: { size: number } }>) => users.reduce((n, u) => n + 1 + u.posts.size, 0);
  const w1 = (strategy: Strategy): Variant => ({
    workload: "W1",
    label: strategy,
    run: async () => postsOf(await session().query(User).orderBy("id").with({ posts: strategy }).all()),
  });
  const w2 = (strategy: Strategy): Variant => ({
    workload: "W2",
    label: `${strategy} / ${strategy}`,
    run: async () => {
      // Comment.author is declared `lazy: joined`; the floor does not read authors, so it stays lazy here.
      const users = await session()
        .query(User)
        .orderBy("id")
        .with({ posts: { lazy: strategy, with: { comments: { lazy: strategy, with: { author: "select" } } } } })
        .all();
      let objects = 0;
      for (const u of users) {
        objects++;
        for (const p of u.posts.value) objects += 1 + p.comments.value.length;
      }
      return objects;
    },
  });
  const firstUsers = () => session().query(User).orderBy("id").limit(size.w3Users).all();
  const variants: Variant[] = [
    w1("joined"),
    w1("subquery"),
    w1("selectin"),
    w2("joined"),
    w2("selectin"),
    {
      workload: "W3",
      label: "sequential `await u.posts.load()`",
      run: async () => {
        const users = await firstUsers();
        for (const u of users) await u.posts.load();
        return postsOf(users);
      },
    },
    {
      workload: "W3",
      label: "`Promise.all` of the loads (batched)",
      run: async () => {
        const users = await firstUsers();
        await Promise.all(users.map((u) => u.posts.load()));
        return postsOf(users);
      },
    },
    {
      workload: "W4",
      label: "`session.delete(user)` × N, commit (ORM cascade)",
      run: async () => {
        const s = session();
        const users = await s.query(User).where({ id: { lte: size.w4Users } }).all();
        for (const u of users) s.delete(u);
        await s.commit();
        return users.length;
      },
    },
    {
      workload: "W5",
      label: "`session.add` × N, one commit",
      run: async ({ newUsers }) => {
        const s = session();
        let objects = 0;
        for (const data of newUsers) {
          const user = new User({ username: data.username, email: data.email, createdAt: data.createdAt });
          for (const p of data.posts) user.posts.create({ title: p.title, content: p.content, published: p.published, createdAt: p.createdAt });
          s.add(user);
          objects += 1 + data.posts.length;
        }
        await s.commit();
        return objects;
      },
    },
  ];
  return {
    name: label ?? "relgen",
    version: label ?? "relgen (this checkout)",
    variants,
    async close() {
      await engine.close();
      connection.close();
    },
  };
};
