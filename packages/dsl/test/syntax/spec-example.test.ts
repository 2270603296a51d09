import { describe, expect, test } from "vitest";
import { parseSource } from "@relgen/dsl";
import type { EntityDecl, EnumDecl, FieldDecl, TableDecl, Value } from "@relgen/dsl";
import { SPEC_EXAMPLE } from "./example.js";

const { ast, diagnostics } = parseSource(SPEC_EXAMPLE, "schema.rel");
const decl = (name: string) => ast.declarations.find((d) => d.name.name === name)!;
const field = (entity: string, name: string): FieldDecl =>
  (decl(entity) as EntityDecl).fields.find((f) => f.name.name === name)!;

/** A compact text form of a value, so expectations read like the source. */
function show(v: Value): string {
  switch (v.kind) {
    case "String":
      return JSON.stringify(v.value);
    case "Number":
      return v.raw;
    case "Boolean":
      return String(v.value);
    case "Null":
      return "null";
    case "Word":
      return v.direction ? `${v.name} ${v.direction}` : v.name;
    case "Path":
      return `${v.head.name}.${v.tail.name}`;
    case "Call":
      return `${v.name.name}()`;
    case "List":
      return `[${v.items.map(show).join(", ")}]`;
  }
}

function attrs(f: FieldDecl): string[] {
  return f.attributes.map(
    (a) => `@${a.name.name}${a.args.length ? `(${a.args.map((x) => (x.name ? `${x.name.name}: ` : "") + show(x.value)).join(", ")})` : ""}`,
  );
}

describe("the spec's complete example", () => {
  test("parses without diagnostics", () => {
    expect(diagnostics).toEqual([]);
  });

  test("declarations in order with kinds", () => {
    expect(ast.declarations.map((d) => `${d.kind} ${d.name.name}`)).toEqual([
      "Entity User",
      "Entity Profile",
      "Entity Post",
      "Entity Group",
      "Table user_groups",
      "Enum Status",
    ]);
    expect(ast.imports).toEqual([]);
    expect(ast.path).toBe("schema.rel");
  });

  test("doc comments attach to the following declaration only", () => {
    expect(decl("User").doc).toBe("A person who writes posts.");
    expect(decl("user_groups").doc).toBe("Plain association table: no class, only rows linking users and groups.");
    expect(decl("Profile").doc).toBeUndefined();
    expect(decl("Post").doc).toBeUndefined();
  });

  test("fields of User with their types", () => {
    const user = decl("User") as EntityDecl;
    expect(user.fields.map((f) => f.name.name)).toEqual([
      "id", "username", "email", "bio", "createdAt", "posts", "profile", "groups",
    ]);
    expect(field("User", "username").type).toMatchObject({ name: { name: "String" }, list: false, optional: false });
    expect(field("User", "username").type.args).toMatchObject([{ kind: "Number", value: 80, raw: "80" }]);
    expect(field("User", "bio").type).toMatchObject({ name: { name: "Text" }, optional: true, list: false });
    expect(field("User", "posts").type).toMatchObject({ name: { name: "Post" }, list: true, optional: false });
    expect(field("User", "profile").type).toMatchObject({ name: { name: "Profile" }, optional: true });
    expect(field("Profile", "website").type).toMatchObject({ name: { name: "String" }, optional: true });
    expect(field("Profile", "website").type.args.map(show)).toEqual(["200"]);
  });

  test("attributes and their arguments", () => {
    expect(attrs(field("User", "id"))).toEqual(["@id", "@default(autoincrement())"]);
    expect(attrs(field("User", "posts"))).toEqual([
      "@backref(author)",
      "@cascade(all, delete-orphan)",
      "@orderBy(createdAt desc)",
    ]);
    expect(attrs(field("User", "groups"))).toEqual(["@through(user_groups)", "@backref(members, lazy: dynamic)"]);
    expect(attrs(field("Profile", "userId"))).toEqual(["@unique", "@references(User.id)", "@onDelete(cascade)"]);
    expect(attrs(field("User", "createdAt"))).toEqual(["@default(now())"]);
  });

  test("block attributes are separate from fields", () => {
    const user = decl("User") as EntityDecl;
    expect(user.blockAttributes).toHaveLength(1);
    expect(user.blockAttributes[0]).toMatchObject({ block: true, name: { name: "table" } });
    expect(show(user.blockAttributes[0]!.args[0]!.value)).toBe('"users"');
    expect((decl("Post") as EntityDecl).fields.map((f) => f.name.name)).toEqual([
      "id", "title", "content", "createdAt", "userId",
    ]);
  });

  test("table and enum", () => {
    const t = decl("user_groups") as TableDecl;
    expect(t.fields.map((f) => `${f.name.name} ${f.type.name.name}`)).toEqual(["userId Int", "groupId Int"]);
    expect((decl("Status") as EnumDecl).members.map((m) => m.name)).toEqual(["Scheduled", "Completed", "Cancelled"]);
  });

  test("spans: line/column and exact text", () => {
    const text = (s: { start: number; end: number }) => SPEC_EXAMPLE.slice(s.start, s.end);
    const user = decl("User");
    expect(user.span).toMatchObject({ file: "schema.rel", line: 2, column: 1 });
    expect(text(user.span).startsWith("entity User {")).toBe(true);
    expect(text(user.span).endsWith("}")).toBe(true);
    expect(user.name.span).toMatchObject({ line: 2, column: 8 });

    const posts = field("User", "posts");
    expect(posts.span).toMatchObject({ line: 11, column: 3 });
    expect(text(posts.span)).toBe(
      "posts     Post[]       @backref(author) @cascade(all, delete-orphan) @orderBy(createdAt desc)",
    );
    expect(text(posts.type.span)).toBe("Post[]");
    const orderBy = posts.attributes[2]!;
    expect(text(orderBy.span)).toBe("@orderBy(createdAt desc)");
    expect(text(orderBy.args[0]!.span)).toBe("createdAt desc");
    expect(orderBy.args[0]!.value.span).toMatchObject({ line: 11, column: 81 });

    const website = field("Profile", "website");
    expect(text(website.type.span)).toBe("String(200)?");
    const status = decl("Status") as EnumDecl;
    expect(status.members[2]!.span).toMatchObject({ line: 43, column: 35 });
    expect(ast.span).toMatchObject({ start: 0, end: SPEC_EXAMPLE.length, line: 1, column: 1 });
  });
});
