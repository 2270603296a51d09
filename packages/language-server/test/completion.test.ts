import { attributesAllowedAt, CASCADE_WORDS, LOAD_STRATEGIES, REFERENTIAL_ACTIONS, SCALAR_TYPES } from "@relgen/dsl";
import type { CompletionItem } from "vscode-languageserver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, positionOf, TestClient } from "./support/client.js";

const blog = fixture("blog", "schema.rel");

describe("completion over the protocol", () => {
  let client: TestClient;
  beforeAll(async () => (client = await TestClient.start()));
  afterAll(() => client.dispose());

  /** Edits the blog schema so `line` replaces the line holding `anchor`, and asks for completion at its end. */
  async function completeAt(file: string, anchor: string, line: string): Promise<string[]> {
    const original = client.text(file);
    const start = original.lastIndexOf("\n", original.indexOf(anchor)) + 1;
    const end = original.indexOf("\n", start);
    const text = original.slice(0, start) + line + original.slice(end);
    await client.change(file, text);
    const items = await client.request<CompletionItem[]>("textDocument/completion", file, { position: positionOf(text, line, line.length) });
    await client.change(file, original);
    return items.map((i) => i.label);
  }

  it("a field's type: the scalar types, the entities and the enums", async () => {
    await client.open(blog);
    const labels = await completeAt(blog, "  title     String(200)", "  subtitle  ");
    expect(labels).toEqual(expect.arrayContaining([...SCALAR_TYPES, "User", "Blog", "Post", "Comment"]));
  });

  it("attributes after @: column attributes on a column, relation attributes on a relation, block attributes after @@", async () => {
    expect(await completeAt(blog, "  title     String(200)", "  title     String(200) @")).toEqual([...attributesAllowedAt("column")]);
    expect(await completeAt(blog, "  comments  Comment[]   @backref(author", "  comments  Comment[] @ca")).toEqual([...attributesAllowedAt("relation")]);
    expect(await completeAt(blog, "  title     String(200)", "  @@")).toEqual([...attributesAllowedAt("entity")]);
    expect(await completeAt(blog, "  title     String(200)", "  @@index([title, ")).toEqual(["id", "title", "content", "published", "createdAt", "userId", "blogId"]);
  });

  it("entity names inside @references, then the fields of the entity named", async () => {
    const entities = await completeAt(blog, "  title     String(200)", "  editorId  Int @references(");
    expect(entities).toEqual(["User", "Blog", "Post", "Comment"]);
    const fields = await completeAt(blog, "  title     String(200)", "  editorId  Int @references(User.");
    expect(fields).toEqual(["id", "username", "email", "createdAt"]);
  });

  it("@fk offers the foreign-key columns of both sides; @inverse the target's relation fields; @orderBy its columns", async () => {
    expect(await completeAt(blog, "  posts     Post[]      @backref(author)", "  posts     Post[] @fk(")).toEqual(["userId", "blogId"]);
    expect(await completeAt(blog, "  posts     Post[]      @backref(author)", "  posts     Post[] @inverse(")).toEqual(["comments"]);
    expect(await completeAt(blog, "  posts     Post[]      @backref(author)", "  posts     Post[] @orderBy(createdAt desc, ")).toEqual(
      ["id", "title", "content", "published", "createdAt", "userId", "blogId"]);
  });

  it("strategies, cascades and actions come from the compiler's own lists", async () => {
    const anchor = "  posts     Post[]      @backref(author)";
    expect(await completeAt(blog, anchor, "  posts Post[] @lazy(")).toEqual([...LOAD_STRATEGIES]);
    expect(await completeAt(blog, anchor, "  posts Post[] @cascade(all, ")).toEqual([...CASCADE_WORDS]);
    expect(await completeAt(blog, anchor, "  posts Post[] @backref(author, ")).toEqual(["lazy:", "cascade:"]);
    expect(await completeAt(blog, anchor, "  posts Post[] @backref(author, lazy: ")).toEqual([...LOAD_STRATEGIES]);
    expect(await completeAt(blog, anchor, "  posts Post[] @backref(author, cascade: [save-update, ")).toEqual([...CASCADE_WORDS]);
    expect(await completeAt(blog, "  title     String(200)", "  ownerId Int @references(User) @onDelete(")).toEqual([...REFERENTIAL_ACTIONS]);
  });

  it("@through: association tables and entities, then from:/to:, then the association's foreign keys, across imports", async () => {
    const entry = fixture("imports", "schema.rel");
    await client.open(entry);
    const anchor = "  posts Post[]     @through(post_tags) @backref(tags)";
    expect(await completeAt(entry, anchor, "  posts Post[] @through(")).toEqual(["post_tags", "Tag", "User", "Post"]);
    expect(await completeAt(entry, anchor, "  posts Post[] @through(post_tags, ")).toEqual(["from:", "to:"]);
    expect(await completeAt(entry, anchor, "  posts Post[] @through(post_tags, from: ")).toEqual(["postId", "tagId"]);
    // entities declared in the imported files
    expect(await completeAt(entry, anchor, "  ownerId Int @references(")).toEqual(["Tag", "User", "Post"]);
  });

  it("an enum column's default offers its members; nothing is offered inside a comment", async () => {
    const users = fixture("imports", "users.rel");
    await client.open(users);
    expect(await completeAt(users, "  role     Role       @default(Reader)", "  role Role @default(")).toEqual(["Reader", "Editor", "Admin"]);
    expect(await completeAt(users, "  role     Role       @default(Reader)", "  // role Role @")).toEqual([]);
  });
});
