// Prisma 7: the TypeScript client without the Rust query engine (the query
// compiler ships in the npm package) over @prisma/adapter-better-sqlite3, so
// nothing is downloaded. `include` for W1/W2, findMany per user for W3.
// relationMode "prisma" (see ../prisma/schema.prisma) makes deleteMany run
// Prisma's emulated cascade for W4; W5 is nested `create` per user in one
// interactive transaction (Prisma has no unit of work).
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { countStatementsOf } from "../../src/count.js";
import { sqliteFile, type Open, type Variant } from "../../src/protocol.js";
import { versionOf } from "../../src/versions.js";
import { PrismaClient } from "../generated/prisma/client.js";
import { peerModules } from "./shared.js";

/**
 * Prisma 7.10's client assumes SQLite allows 999 bound values when the adapter
 * does not say, and refuses an `include` over 1,000 parents (P2029) instead of
 * chunking it. The SQLite inside better-sqlite3 allows 32,766 (SQLite's
 * default since 3.32); the wrapped adapter says so.
 */
function withRealBindLimit(factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    return Object.assign(adapter, { getConnectionInfo: () => ({ maxBindValues: 32_766, supportsRelationJoins: false }) });
  };
  return factory;
}

export const open: Open = async ({ target, size }) => {
  const file = sqliteFile(target);
  countStatementsOf(Database);
  const prisma = new PrismaClient({ adapter: withRealBindLimit(new PrismaBetterSqlite3({ url: file }, { timestampFormat: "iso8601" })) });
  await prisma.$connect();

  const variants: Variant[] = [
    {
      workload: "W1",
      label: "findMany({ include: { posts } })",
      run: async () => {
        const rows = await prisma.user.findMany({ orderBy: { id: "asc" }, include: { posts: { orderBy: { createdAt: "desc" } } } });
        return rows.reduce((n, u) => n + 1 + u.posts.length, 0);
      },
    },
    {
      workload: "W2",
      label: "findMany({ include: { posts: { include: { comments } } } })",
      run: async () => {
        const rows = await prisma.user.findMany({
          orderBy: { id: "asc" },
          include: { posts: { orderBy: { createdAt: "desc" }, include: { comments: { orderBy: { createdAt: "asc" } } } } },
        });
        return rows.reduce((n, u) => n + 1 + u.posts.reduce((m, p) => m + 1 + p.comments.length, 0), 0);
      },
    },
    {
      workload: "W3",
      label: "post.findMany per user",
      run: async () => {
        const first = await prisma.user.findMany({ orderBy: { id: "asc" }, take: size.w3Users });
        let n = first.length;
        for (const u of first) n += (await prisma.post.findMany({ where: { userId: u.id }, orderBy: { createdAt: "desc" } })).length;
        return n;
      },
    },
    {
      workload: "W4",
      label: "user.deleteMany, emulated cascade",
      run: async () => (await prisma.user.deleteMany({ where: { id: { lte: size.w4Users } } })).count,
    },
    {
      workload: "W5",
      label: "nested user.create per user, one transaction",
      run: async ({ newUsers }) =>
        prisma.$transaction(
          async (tx) => {
            let n = 0;
            for (const u of newUsers) {
              await tx.user.create({ data: { username: u.username, email: u.email, createdAt: u.createdAt, posts: { create: u.posts.map((p) => ({ ...p })) } } });
              n += 1 + u.posts.length;
            }
            return n;
          },
          { timeout: 600_000, maxWait: 60_000 },
        ),
    },
  ];
  return { name: "Prisma", version: versionOf(peerModules, "@prisma/client"), variants, close: () => prisma.$disconnect() };
};
