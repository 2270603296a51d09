import type { Location } from "vscode-languageserver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, positionOf, TestClient, uriOf } from "./support/client.js";

const entry = fixture("imports", "schema.rel");
const users = fixture("imports", "users.rel");
const posts = fixture("imports", "content", "posts.rel");
const blog = fixture("blog", "schema.rel");

describe("definition and references over the protocol", () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start();
    await client.open(entry);
    await client.open(blog);
  });
  afterAll(() => client.dispose());

  const at = (file: string, needle: string, shift = 1, nth = 0) => ({ position: positionOf(client.text(file), needle, shift, nth) });
  const place = (file: string, needle: string, shift = 0, nth = 0) => ({ uri: uriOf(file), start: positionOf(client.text(file), needle, shift, nth) });
  const where = (l: Location) => ({ uri: l.uri, start: l.range.start });

  it("an entity used as a type in one file jumps to its declaration in another", async () => {
    const got = await client.request<Location>("textDocument/definition", entry, at(entry, "Post[]"));
    expect(where(got)).toEqual(place(posts, "Post", 0, 0));
  });

  it("a referenced field (`@references(User.id)`) jumps to the field; an enum default's type to the enum", async () => {
    const got = await client.request<Location>("textDocument/definition", posts, at(posts, "User.id", "User.".length + 1));
    expect(where(got)).toEqual(place(users, "id "));
    const role = await client.request<Location>("textDocument/definition", users, at(users, "Role       @default"));
    expect(where(role)).toEqual(place(users, "Role", 0, 0));
  });

  it("a table named in @through jumps to the table", async () => {
    const table = await client.request<Location>("textDocument/definition", entry, at(entry, "@through(post_tags)", "@through(".length + 1));
    expect(where(table)).toEqual(place(entry, "post_tags {"));
  });

  it("a backref name jumps to the relation that creates it", async () => {
    // Post.author exists only as User.posts' `@backref(author)`: a use of it leads there
    const original = client.text(blog);
    const text = original.replace("  comments  Comment[]   @backref(author, lazy: joined)", "$&\n  latest    Post?       @inverse(author)");
    await client.change(blog, text);
    const def = await client.request<Location>("textDocument/definition", blog, at(blog, "@inverse(author)", "@inverse(".length + 1));
    expect(where(def)).toEqual(place(blog, "@backref(author)", "@backref(".length));
    const refs = await client.request<Location[]>("textDocument/references", blog, { ...at(blog, "@backref(author)", "@backref(".length + 1), context: { includeDeclaration: true } });
    expect(refs.map(where)).toEqual([place(blog, "@backref(author)", "@backref(".length), place(blog, "@inverse(author)", "@inverse(".length)]);
    await client.change(blog, original);
  });

  it("references of an entity span every file: declaration, types and @references", async () => {
    const refs = await client.request<Location[]>("textDocument/references", users, { ...at(users, "entity User", "entity ".length + 1), context: { includeDeclaration: true } });
    expect(refs.map(where)).toEqual([place(posts, "User.id"), place(posts, "User  ", 0), place(users, "User {")]);
    const usesOnly = await client.request<Location[]>("textDocument/references", users, { ...at(users, "entity User", "entity ".length + 1), context: { includeDeclaration: false } });
    expect(usesOnly.map(where)).toEqual([place(posts, "User.id"), place(posts, "User  ", 0)]);
  });

  it("references of a field include @references, @orderBy and key lists that name it", async () => {
    const refs = await client.request<Location[]>("textDocument/references", blog, { ...at(blog, "createdAt DateTime    @default(now())", 1, 1), context: { includeDeclaration: true } });
    const lines = refs.map((l) => client.text(blog).split("\n")[l.range.start.line]!.trim());
    expect(lines).toEqual([
      "posts     Post[]      @backref(author) @cascade(all, delete-orphan) @orderBy(createdAt desc)",
      "posts Post[]      @backref(blog) @cascade(all, delete-orphan) @orderBy(createdAt desc, title)",
      "createdAt DateTime    @default(now())",
    ]);
  });
});
