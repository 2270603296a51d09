// The floor's reading statements on SQLite, shared with the least-work contender so both run the same SQL.
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
