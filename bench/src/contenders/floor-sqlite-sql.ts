// The floor's reading statements on SQLite, opened the same way for the
// floor and the least-work contender so both run the same SQL.
import Database from "better-sqlite3";
import { countStatementsOf } from "../count.js";

const POST = `json_array("p"."id", "p"."title", "p"."content", "p"."published", "p"."createdAt", "p"."userId", "p"."blogId")`;
const COMMENTS =
  `(SELECT json_group_array(json_array("c"."id", "c"."text", "c"."createdAt", "c"."postId", "c"."userId") ORDER BY "c"."createdAt") ` +
  `FROM "comments" "c" WHERE "c"."postId" = "p"."id")`;
const usersWith = (post: string) =>
  `SELECT "u"."id", "u"."username", "u"."email", "u"."createdAt", ` +
  `(SELECT json_group_array(${post} ORDER BY "p"."createdAt" DESC) FROM "posts" "p" WHERE "p"."userId" = "u"."id") ` +
  `FROM "users" "u" ORDER BY "u"."id"`;

export const W1_SQL = usersWith(POST);
export const W2_SQL = usersWith(`${POST.slice(0, -1)}, ${COMMENTS})`);

export interface Reads {
  readonly db: Database.Database;
  readonly w1: Database.Statement;
  readonly w2: Database.Statement;
  readonly firstUsers: Database.Statement;
  readonly postsOf: Database.Statement;
}

/** The file opened with its statements counted, and the reads both contenders share, prepared. */
export function openReads(file: string): Reads {
  countStatementsOf(Database);
  const db = new Database(file);
  db.pragma("foreign_keys = ON");
  return {
    db,
    w1: db.prepare(W1_SQL).raw(true),
    w2: db.prepare(W2_SQL).raw(true),
    firstUsers: db.prepare(`SELECT "id", "username", "email", "createdAt" FROM "users" ORDER BY "id" LIMIT ?`).raw(true),
    postsOf: db
      .prepare(`SELECT "id", "title", "content", "published", "createdAt", "userId", "blogId" FROM "posts" WHERE "userId" = ? ORDER BY "createdAt" DESC`)
      .raw(true),
  };
}
