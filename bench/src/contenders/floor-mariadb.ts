// The hand-written floor on MariaDB (mysql2, server-side prepared statements
// through execute()): one JSON_ARRAYAGG statement for W1/W2, a prepared N+1
// loop for W3, three `DELETE … IN` for W4, a prepared INSERT per row for W5
// (the floor) and, to show what batching can reach, W5 as multi-row
// INSERTs (InnoDB hands a multi-row INSERT consecutive ids in the default
// autoinc lock mode, so the first id gives all).
import mysql from "mysql2/promise";
import { countOne } from "../count.js";
import type { Open, Variant } from "../protocol.js";
import { benchModules, versionOf } from "../versions.js";
import { inTransaction, insertRowByRow } from "./floor-server.js";
import { MARIADB_SETTINGS } from "../target.js";

const POST = "JSON_ARRAY(p.`id`, p.`title`, p.`content`, p.`published`, p.`createdAt`, p.`userId`, p.`blogId`)";
const COMMENTS =
  "(SELECT COALESCE(JSON_ARRAYAGG(JSON_ARRAY(c.`id`, c.`text`, c.`createdAt`, c.`postId`, c.`userId`) ORDER BY c.`createdAt`), JSON_ARRAY()) FROM `comments` c WHERE c.`postId` = p.`id`)";
const usersWith = (post: string) =>
  "SELECT u.`id`, u.`username`, u.`email`, u.`createdAt`, " +
  `(SELECT COALESCE(JSON_ARRAYAGG(${post} ORDER BY p.\`createdAt\` DESC), JSON_ARRAY()) FROM \`posts\` p WHERE p.\`userId\` = u.\`id\`) FROM \`users\` u ORDER BY u.\`id\``;
const CHUNK = 1_000;

type Row = unknown[];
/** mysql2 hands a JSON-typed result over parsed; text that holds JSON is parsed here. */
const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value) as Row[];

export const open: Open = async ({ target, size }) => {
  if (target.engine !== "mariadb") throw new Error("floor-mariadb runs on MariaDB only");
  const conn = await mysql.createConnection({ ...MARIADB_SETTINGS, database: target.database, timezone: "Z" });
  const execute = async (sql: string, values: unknown[] = []) => {
    countOne();
    return (await conn.execute({ sql, values, rowsAsArray: true }))[0];
  };
  const rows = async (sql: string, values?: unknown[]) => (await execute(sql, values)) as Row[];
  const transaction = { begin: () => conn.beginTransaction(), commit: () => conn.commit(), rollback: () => conn.rollback() };
  const nested = (result: Row[], depth: 1 | 2) =>
    result.reduce<number>((n, r) => {
      const posts = json(r[4]);
      return n + 1 + posts.length + (depth === 2 ? posts.reduce<number>((m, p) => m + json(p[7]).length, 0) : 0);
    }, 0);
  const ids = Array.from({ length: size.w4Users }, (_, i) => i + 1);
  const list = ids.map(() => "?").join(", ");
  const insertId = (result: unknown) => (result as { insertId: number }).insertId;

  const variants: Variant[] = [
    { workload: "W1", label: "1 statement, JSON_ARRAYAGG", run: async () => nested(await rows(usersWith(POST)), 1) },
    { workload: "W2", label: "1 statement, nested JSON_ARRAYAGG", run: async () => nested(await rows(usersWith(`${POST.slice(0, -1)}, ${COMMENTS})`)), 2) },
    {
      workload: "W3",
      label: "prepared N+1 loop",
      run: async () => {
        const users = await rows("SELECT `id`, `username`, `email`, `createdAt` FROM `users` ORDER BY `id` LIMIT ?", [String(size.w3Users)]);
        let n = users.length;
        for (const u of users) {
          n += (await rows("SELECT `id`, `title`, `content`, `published`, `createdAt`, `userId`, `blogId` FROM `posts` WHERE `userId` = ? ORDER BY `createdAt` DESC", [u[0]])).length;
        }
        return n;
      },
    },
    {
      workload: "W4",
      label: "3 × DELETE … IN, one transaction",
      run: () =>
        inTransaction(transaction, async () => {
          await execute(`DELETE FROM \`comments\` WHERE \`postId\` IN (SELECT \`id\` FROM \`posts\` WHERE \`userId\` IN (${list}))`, ids);
          await execute(`DELETE FROM \`posts\` WHERE \`userId\` IN (${list})`, ids);
          return ((await execute(`DELETE FROM \`users\` WHERE \`id\` IN (${list})`, ids)) as unknown as { affectedRows: number }).affectedRows;
        }),
    },
    insertRowByRow(
      transaction,
      async (u) => insertId(await execute("INSERT INTO `users` (`username`, `email`, `createdAt`) VALUES (?, ?, ?)", [u.username, u.email, u.createdAt])),
      (p, id) => execute("INSERT INTO `posts` (`title`, `content`, `published`, `createdAt`, `userId`) VALUES (?, ?, ?, ?, ?)", [p.title, p.content, p.published, p.createdAt, id]),
    ),
    {
      workload: "W5",
      label: "multi-row INSERTs (1,000 rows each), one transaction",
      run: ({ newUsers }) =>
        inTransaction(transaction, async () => {
          let n = 0;
          for (let i = 0; i < newUsers.length; i += CHUNK) {
            const part = newUsers.slice(i, i + CHUNK);
            const first = insertId(
              await execute(`INSERT INTO \`users\` (\`username\`, \`email\`, \`createdAt\`) VALUES ${part.map(() => "(?, ?, ?)").join(", ")}`, part.flatMap((u) => [u.username, u.email, u.createdAt])),
            );
            const posts = part.flatMap((u, k) => u.posts.map((p) => [p.title, p.content, p.published, p.createdAt, first + k]));
            for (let j = 0; j < posts.length; j += CHUNK) {
              const chunk = posts.slice(j, j + CHUNK);
              await execute(`INSERT INTO \`posts\` (\`title\`, \`content\`, \`published\`, \`createdAt\`, \`userId\`) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?)").join(", ")}`, chunk.flat());
            }
            n += part.length + posts.length;
          }
          return n;
        }),
    },
  ];
  return { name: "hand-written", version: versionOf(benchModules, "mysql2"), variants, close: () => conn.end() };
};
