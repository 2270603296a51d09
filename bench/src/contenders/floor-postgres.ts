// The hand-written floor on PostgreSQL (node-postgres, named prepared
// statements): one json_agg statement for W1/W2, a prepared N+1 loop for W3,
// three `DELETE … = ANY($1)` for W4, a prepared INSERT per row for W5 (the
// issue's floor) and, to show what batching can reach, W5 as two INSERTs over
// unnest() arrays.
import pg from "pg";
import { countOne } from "../count.js";
import type { Open, Variant } from "../protocol.js";
import { benchModules, versionOf } from "../versions.js";
import { inTransaction, insertRowByRow } from "./floor-server.js";
import { PG_SETTINGS } from "../target.js";

const POST = `json_build_array(p."id", p."title", p."content", p."published", p."createdAt", p."userId", p."blogId")`;
const COMMENTS = `(SELECT COALESCE(json_agg(json_build_array(c."id", c."text", c."createdAt", c."postId", c."userId") ORDER BY c."createdAt"), '[]'::json) FROM "comments" c WHERE c."postId" = p."id")`;
const usersWith = (post: string) =>
  `SELECT u."id", u."username", u."email", u."createdAt", ` +
  `(SELECT COALESCE(json_agg(${post} ORDER BY p."createdAt" DESC), '[]'::json) FROM "posts" p WHERE p."userId" = u."id") FROM "users" u ORDER BY u."id"`;

type Row = unknown[];

export const open: Open = async ({ target, size }) => {
  if (target.engine !== "postgres") throw new Error("floor-postgres runs on PostgreSQL only");
  const client = new pg.Client({ ...PG_SETTINGS, options: `-c search_path=${target.schema}` });
  await client.connect();
  const query = async (name: string, text: string, values: unknown[] = []) => {
    countOne();
    return (await client.query({ name, text, values, rowMode: "array" })).rows as Row[];
  };
  const transaction = { begin: () => client.query("BEGIN"), commit: () => client.query("COMMIT"), rollback: () => client.query("ROLLBACK") };
  const nested = (rows: Row[], depth: 1 | 2) =>
    rows.reduce<number>((n, r) => {
      const posts = r[4] as Row[];
      return n + 1 + posts.length + (depth === 2 ? posts.reduce<number>((m, p) => m + (p[7] as Row[]).length, 0) : 0);
    }, 0);
  const ids = Array.from({ length: size.w4Users }, (_, i) => i + 1);

  const variants: Variant[] = [
    { workload: "W1", label: "1 statement, json_agg", run: async () => nested(await query("w1", usersWith(POST)), 1) },
    { workload: "W2", label: "1 statement, nested json_agg", run: async () => nested(await query("w2", usersWith(`${POST.slice(0, -1)}, ${COMMENTS})`)), 2) },
    {
      workload: "W3",
      label: "prepared N+1 loop",
      run: async () => {
        const users = await query("w3u", `SELECT "id", "username", "email", "createdAt" FROM "users" ORDER BY "id" LIMIT $1`, [size.w3Users]);
        let n = users.length;
        for (const u of users) {
          n += (await query("w3p", `SELECT "id", "title", "content", "published", "createdAt", "userId", "blogId" FROM "posts" WHERE "userId" = $1 ORDER BY "createdAt" DESC`, [u[0]])).length;
        }
        return n;
      },
    },
    {
      workload: "W4",
      label: "3 × DELETE … = ANY($1), one transaction",
      run: () =>
        inTransaction(transaction, async () => {
          await query("w4c", `DELETE FROM "comments" WHERE "postId" IN (SELECT "id" FROM "posts" WHERE "userId" = ANY($1))`, [ids]);
          await query("w4p", `DELETE FROM "posts" WHERE "userId" = ANY($1)`, [ids]);
          countOne();
          return (await client.query({ name: "w4u", text: `DELETE FROM "users" WHERE "id" = ANY($1)`, values: [ids] })).rowCount ?? 0;
        }),
    },
    insertRowByRow(
      transaction,
      async (u) => (await query("w5u", `INSERT INTO "users" ("username", "email", "createdAt") VALUES ($1, $2, $3) RETURNING "id"`, [u.username, u.email, u.createdAt]))[0]![0] as number,
      (p, id) => query("w5p", `INSERT INTO "posts" ("title", "content", "published", "createdAt", "userId") VALUES ($1, $2, $3, $4, $5)`, [p.title, p.content, p.published, p.createdAt, id]),
    ),
    {
      workload: "W5",
      label: "2 INSERTs over unnest() arrays, one transaction",
      run: ({ newUsers }) =>
        inTransaction(transaction, async () => {
          const made = await query(
            "w5bu",
            `INSERT INTO "users" ("username", "email", "createdAt") SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[]) RETURNING "id", "username"`,
            [newUsers.map((u) => u.username), newUsers.map((u) => u.email), newUsers.map((u) => u.createdAt)],
          );
          const idOf = new Map(made.map((r) => [r[1] as string, r[0] as number]));
          const posts = newUsers.flatMap((u) => u.posts.map((p) => ({ ...p, userId: idOf.get(u.username)! })));
          await query(
            "w5bp",
            `INSERT INTO "posts" ("title", "content", "published", "createdAt", "userId") SELECT * FROM unnest($1::varchar[], $2::text[], $3::boolean[], $4::timestamptz[], $5::int[])`,
            [posts.map((p) => p.title), posts.map((p) => p.content), posts.map((p) => p.published), posts.map((p) => p.createdAt), posts.map((p) => p.userId)],
          );
          return made.length + posts.length;
        }),
    },
  ];
  return { name: "hand-written", version: versionOf(benchModules, "pg"), variants, close: () => client.end() };
};
