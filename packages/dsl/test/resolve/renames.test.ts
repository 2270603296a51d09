import { describe, expect, test } from "vitest";
import { compileFile } from "../../src/compile.js";
import { memoryHost } from "../../src/source/loader.js";
import { compile, compileOk, diagnosticsOf, entity, ID, locate, table } from "./helpers.js";

const BLOG = `
entity User {
  ${ID}
  fullName String @renamedFrom("name")
  email    String @unique
}
entity Reply {
  @@renamedFrom("Comment")
  ${ID}
  text   Text @renamedFrom("body") @column("body_text")
  postId Int  @references(Post) @onDelete(cascade)
}
entity Post {
  ${ID}
  authorId Int @references(User)
  author   User
  replies  Reply[]
}
entity Tag { ${ID} }
table tags_of_posts {
  @@renamedFrom("post_tags")
  postId Int @id @references(Post) @onDelete(cascade)
  tagId  Int @id @references(Tag) @onDelete(cascade)
}`;

describe("renamedFrom in the IR", () => {
  test("a field, an entity and a table declaration carry their old names", () => {
    const ir = compileOk(BLOG);
    const col = (t: string, f: string) => table(ir, t).columns.find((c) => c.name === f)!;
    expect(col("user", "fullName").renamedFrom).toBe("name");
    // the old field name, whatever the column is called now
    expect(col("reply", "text")).toMatchObject({ renamedFrom: "body", columnName: "body_text" });
    expect(table(ir, "reply").renamedFrom).toBe("Comment");
    expect(table(ir, "tags_of_posts").renamedFrom).toBe("post_tags");
    // the entity's columns are the table's objects, so they say it too
    expect(entity(ir, "User").columns.find((c) => c.name === "fullName")!.renamedFrom).toBe("name");
  });

  test("without the attribute the key is absent, not undefined", () => {
    const ir = compileOk(BLOG);
    expect(Object.keys(table(ir, "post"))).not.toContain("renamedFrom");
    expect(Object.keys(table(ir, "tag"))).not.toContain("renamedFrom");
    const email = table(ir, "user").columns.find((c) => c.name === "email")!;
    expect(Object.keys(email)).not.toContain("renamedFrom");
    const withAttr = Object.keys(table(ir, "user").columns.find((c) => c.name === "fullName")!);
    expect(withAttr).toContain("renamedFrom");
  });

  test("the attribute changes nothing else: the IR equals the one without it, apart from renamedFrom", () => {
    const plain = BLOG.replace(/\s*@@?renamedFrom\("[^"]*"\)/g, "");
    expect(plain).not.toContain("renamedFrom");
    const strip = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === "renamedFrom" || k === "span" ? undefined : v)));
    expect(strip(compileOk(BLOG))).toEqual(strip(compileOk(plain)));
  });

  test("the IR is deterministic, key order included", () => {
    const once = JSON.stringify(compileOk(BLOG));
    expect(JSON.stringify(compileOk(BLOG))).toBe(once);
    // renamedFrom sits where the IR interface declares it: after `unique`, after `foreignKeys`
    const user = table(compileOk(BLOG), "user");
    const keys = Object.keys(user.columns.find((c) => c.name === "fullName")!);
    expect(keys.indexOf("renamedFrom")).toBe(keys.indexOf("unique") + 1);
    const reply = Object.keys(table(compileOk(BLOG), "reply"));
    expect(reply.indexOf("renamedFrom")).toBe(reply.indexOf("foreignKeys") + 1);
  });

  test("a field may take over a name that only a relation field uses: the relation has no column", () => {
    const ir = compileOk(`
      entity User { ${ID} }
      entity Post {
        ${ID}
        authorName String @renamedFrom("author")
        authorId   Int @references(User)
        author     User
      }`);
    expect(table(ir, "post").columns.find((c) => c.name === "authorName")!.renamedFrom).toBe("author");
  });

  test("an entity keeping its table with @@table may be renamed", () => {
    const ir = compileOk(`entity Article { @@table("post")\n @@renamedFrom("Post")\n ${ID} }`);
    expect(table(ir, "post")).toMatchObject({ entity: "Article", renamedFrom: "Post" });
  });
});

describe("renamedFrom diagnostics", () => {
  const at = (src: string, code: string, needle: string, nth = 1) => {
    const [d] = diagnosticsOf(compile(src), code);
    expect({ line: d!.span.line, column: d!.span.column }).toEqual(locate(src, needle, nth));
    return d!;
  };

  test("E0502: on a relation field, pointing at the foreign-key field", () => {
    const src = `entity User { ${ID} }\nentity Post { ${ID}\n userId Int @references(User)\n author User @renamedFrom("writer") }`;
    const d = at(src, "E0502", "@renamedFrom");
    expect(d.help).toContain("foreign-key field");
    expect(compile(src).ir).toBeUndefined();
  });

  test.each([
    ["no argument", `@renamedFrom()`],
    ["a word, not a string", `@renamedFrom(name)`],
    ["two strings", `@renamedFrom("a", "b")`],
    ["a named argument", `@renamedFrom(from: "a")`],
  ])("E0503: %s", (_, attr) => {
    const src = `entity User { ${ID}\n fullName String ${attr} }`;
    const d = at(src, "E0503", "@renamedFrom");
    expect(d.help).toContain('@renamedFrom("oldName")');
  });

  test("E0503 on the block form shows the block form", () => {
    const d = at(`entity User { @@renamedFrom(5)\n ${ID} }`, "E0503", "@@renamedFrom");
    expect(d.help).toContain('@@renamedFrom("oldName")');
  });

  test.each([["old name"], ["1st"], [""], ["a-b"], ["naïve"]])("E0523: %j is not a name, located at the string", (old) => {
    const src = `entity User { ${ID}\n fullName String @renamedFrom(${JSON.stringify(old)}) }`;
    const d = at(src, "E0523", JSON.stringify(old));
    expect(d.message).toContain(`${JSON.stringify(old)} is not a name`);
    expect(compile(src).ir).toBeUndefined();
  });

  test("E0523 on the block form", () => {
    at(`entity Reply { @@renamedFrom("Old Comment")\n ${ID} }`, "E0523", `"Old Comment"`);
  });

  test("E0524: a field, an entity or a table renamed from its own name", () => {
    at(`entity User { ${ID}\n email String @renamedFrom("email") }`, "E0524", `"email"`);
    at(`entity User { @@renamedFrom("User")\n ${ID} }`, "E0524", `"User"`);
    at(`entity User { ${ID} }\ntable user_links { @@renamedFrom("user_links")\n userId Int @id @references(User) }`, "E0524", `"user_links"`);
  });

  test("E0525: a field renamed from a column field that still exists, with the other field as related", () => {
    const src = `entity User { ${ID}\n name String\n fullName String @renamedFrom("name") }`;
    const d = at(src, "E0525", `@renamedFrom`);
    expect(d.message).toContain("`User.name` still exists");
    expect(d.related?.[0]?.span).toMatchObject(locate(src, "name String"));
  });

  test("E0525: an entity renamed from an entity (or table) still declared", () => {
    const src = `entity Comment { ${ID} }\nentity Reply { @@renamedFrom("Comment")\n ${ID} }`;
    const d = at(src, "E0525", "@@renamedFrom");
    expect(d.related?.[0]?.span).toMatchObject(locate(src, "Comment"));
    at(`entity User { ${ID} }\ntable Link { userId Int @id @references(User) }\nentity Reply { @@renamedFrom("Link")\n ${ID} }`, "E0525", "@@renamedFrom");
  });

  test("E0525: a table renamed from a table name an entity now uses", () => {
    const src = `entity Post { ${ID} }\nentity PostTag { @@table("post_tags")\n postId Int @id @references(Post) }\n`
      + `table tags_of_posts { @@renamedFrom("post_tags")\n postId Int @id @references(Post) }`;
    const d = at(src, "E0525", "@@renamedFrom");
    expect(d.message).toContain('the table "post_tags" of entity `PostTag`');
  });

  test("E0526: two fields of one entity claim one old name, located at both", () => {
    const src = `entity User { ${ID}\n first String @renamedFrom("name")\n last String @renamedFrom("name") }`;
    const d = at(src, "E0526", "@renamedFrom", 2);
    expect(d.related?.[0]?.span).toMatchObject(locate(src, "@renamedFrom", 1));
  });

  test("two entities may each have a field renamed from the same old name", () => {
    compileOk(`entity A { ${ID}\n x String @renamedFrom("name") }\nentity B { ${ID}\n y String @renamedFrom("name") }`);
  });

  test("E0526: an entity and a table declaration claim one old name", () => {
    const src = `entity User { ${ID} }\nentity Reply { @@renamedFrom("Comment")\n ${ID} }\n`
      + `table links { @@renamedFrom("Comment")\n userId Int @id @references(User) }`;
    const d = at(src, "E0526", "@@renamedFrom", 2);
    expect(d.related?.[0]?.span).toMatchObject(locate(src, "@@renamedFrom", 1));
    expect(d.message).toContain("table `links` and entity `Reply`");
  });

  test("E0504: the attribute given twice", () => {
    at(`entity User { ${ID}\n fullName String @renamedFrom("a") @renamedFrom("b") }`, "E0504", "@renamedFrom", 2);
    at(`entity User { @@renamedFrom("A")\n @@renamedFrom("B")\n ${ID} }`, "E0504", "@@renamedFrom", 2);
  });

  test("a column of a `table` declaration may be renamed, and is checked like an entity's", () => {
    const ir = compileOk(`entity User { ${ID} }\ntable links { owner Int @id @references(User) @renamedFrom("userId") }`);
    expect(table(ir, "links").columns[0]!.renamedFrom).toBe("userId");
    const src = `entity User { ${ID} }\ntable links { userId Int @id @references(User)\n owner Int @renamedFrom("userId") }`;
    at(src, "E0525", "@renamedFrom");
  });

  test("E0526 across files: the note points into the other file", () => {
    const result = compileFile("a.rel", memoryHost({
      "a.rel": `import "b.rel"\nentity Reply { @@renamedFrom("Comment")\n ${ID} }`,
      "b.rel": `\nentity Answer { @@renamedFrom("Comment")\n ${ID} }`,
    }));
    const [d] = diagnosticsOf(result, "E0526");
    expect(d).toMatchObject({ span: { file: "b.rel", line: 2, column: 17 } });
    expect(d!.related).toMatchObject([{ span: { file: "a.rel", line: 2, column: 16 } }]);
    expect(result.ir).toBeUndefined();
  });
});
