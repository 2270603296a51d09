import { describe, expect, test } from "vitest";
import { constraintName, fitIdentifier, fnv1a32, NameRegistry, snakeCase } from "../../src/resolve/naming.js";
import { compileOk, ID, table } from "./helpers.js";

describe("naming", () => {
  test("entity names become snake_case table names", () => {
    expect(snakeCase("BlogPost")).toBe("blog_post");
    expect(snakeCase("HTTPLog")).toBe("http_log");
    expect(snakeCase("User")).toBe("user");
    expect(snakeCase("OAuth2Token")).toBe("o_auth2_token");
  });

  test("FNV-1a 32-bit matches the reference vectors", () => {
    expect(fnv1a32("")).toBe("811c9dc5");
    expect(fnv1a32("a")).toBe("e40c292c");
    expect(fnv1a32("foobar")).toBe("bf9cf968");
  });

  test("names over 63 characters keep 54 characters plus a hash", () => {
    const long = `${"x".repeat(70)}_fkey`;
    const fitted = fitIdentifier(long);
    expect(fitted).toHaveLength(63);
    expect(fitted).toBe(`${"x".repeat(54)}_${fnv1a32(long)}`);
    expect(fitIdentifier("short_pkey")).toBe("short_pkey");
  });

  test("names are fitted to 63 UTF-8 bytes (PostgreSQL's limit), never splitting a character", () => {
    const long = `${"é".repeat(40)}_key`; // 43 characters, 83 bytes
    const fitted = fitIdentifier(long);
    expect(Buffer.byteLength(fitted, "utf8")).toBeLessThanOrEqual(63);
    expect(fitted).toBe(`${"é".repeat(27)}_${fnv1a32(long)}`);
  });

  test("claims compare ignoring case (MySQL constraint names are case-insensitive)", () => {
    const r = new NameRegistry();
    expect([r.claim("t_a_fkey"), r.claim("t_A_fkey")]).toEqual(["t_a_fkey", "t_A_fkey_2"]);
  });

  test("constraint names use database column names", () => {
    expect(constraintName.unique("users", ["first_name", "last_name"])).toBe("users_first_name_last_name_key");
    expect(constraintName.foreignKey("post", ["author_id"])).toBe("post_author_id_fkey");
  });

  test("a clash gets _2, _3 in claim order", () => {
    const r = new NameRegistry();
    expect([r.claim("a_idx"), r.claim("a_idx"), r.claim("a_idx")]).toEqual(["a_idx", "a_idx_2", "a_idx_3"]);
  });

  test("@@table, @column and long names in a compiled schema", () => {
    const ir = compileOk(`
      entity BlogPost {
        @@table("posts")
        @@index([authorName, title])
        ${ID}
        authorName String @column("author_name")
        title      String
      }
      entity AVeryLongEntityNameThatKeepsGoingAndGoing {
        ${ID}
        anotherRatherLongColumnNameForTheIndex Int @index
      }`);
    expect(table(ir, "posts").indexes[0]?.name).toBe("posts_author_name_title_idx");
    expect(table(ir, "posts").columns[1]).toMatchObject({ name: "authorName", columnName: "author_name" });
    const long = ir.tables[1]!;
    expect(long.name).toBe("a_very_long_entity_name_that_keeps_going_and_going");
    for (const n of [long.primaryKeyName, ...long.indexes.map((i) => i.name)]) expect(n.length).toBeLessThanOrEqual(63);
  });
});
