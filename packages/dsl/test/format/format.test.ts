import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { compileFile, formatSource, nodeHost, parseSource, type EntityDecl } from "../../src/index.js";

const FIXTURES = new URL("../../../../fixtures/", import.meta.url);

/** Every schema the fixtures hold: one per example, plus each step of the evolution story. */
function fixtureSchemas(): { name: string; text: string }[] {
  const read = (rel: string) => ({ name: rel, text: readFileSync(new URL(rel, FIXTURES), "utf8") });
  const examples = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(new URL(`${d.name}/`, FIXTURES)).includes("schema.rel"))
    .map((d) => read(`${d.name}/schema.rel`));
  const evolution = readdirSync(new URL("evolution/", FIXTURES))
    .filter((f) => f.endsWith(".rel"))
    .map((f) => read(`evolution/${f}`));
  const imported = ["imports/users.rel", "imports/content/posts.rel"].map(read);
  return [...examples, ...evolution, ...imported].sort((a, b) => a.name.localeCompare(b.name));
}

function format(text: string, file = "schema.rel"): string {
  const result = formatSource(text, file);
  if (result.text === undefined) throw new Error(`did not format: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return result.text;
}

/**
 * The IR without source positions: what the schema means, not where it was
 * written. `text` stands in for fixture `name`; its imports are read from disk.
 */
function meaning(text: string, name = "schema.rel"): unknown {
  const host = nodeHost(fileURLToPath(FIXTURES));
  const { ir, diagnostics } = compileFile(name, { ...host, readFile: (f) => (f === name ? text : host.readFile(f)) });
  return JSON.parse(JSON.stringify({ ir, diagnostics: diagnostics.map((d) => [d.code, d.message]) }, (key, value) => (key === "span" || key === "spans" || key.endsWith("Span") ? undefined : value)));
}

/** Every comment's text, in order, from a file that lexes (strings cannot hold `//` here). */
function comments(text: string): string[] {
  return [...text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map((m) => m[0].trimEnd());
}

const schemas = fixtureSchemas();

describe("formatSource over every fixture schema", () => {
  test("there are fixtures to check (the evolution steps and the examples)", () => {
    expect(schemas.filter((s) => s.name.startsWith("evolution/")).length).toBeGreaterThan(5);
    expect(schemas.length).toBeGreaterThan(20);
  });

  test.each(schemas.map((s) => [s.name, s.text] as const))("%s: same meaning, idempotent, comments kept", (name, text) => {
    const once = format(text);
    const before = meaning(text, name) as { ir?: unknown };
    expect(before.ir).toBeDefined(); // an IR to compare, not two equal lists of errors
    expect(meaning(once, name)).toEqual(before);
    expect(format(once)).toBe(once);
    expect(comments(once)).toEqual(comments(text));
    expect(once.endsWith("\n") && !once.endsWith("\n\n")).toBe(true);
    expect(once.split("\n").filter((l) => l !== l.trimEnd())).toEqual([]);
  });

  test("the blog fixture is already in the house style", () => {
    const blog = schemas.find((s) => s.name === "blog/schema.rel")!;
    expect(format(blog.text)).toBe(blog.text);
  });

  test("a fixture with its layout destroyed comes back to the house style", () => {
    const blog = schemas.find((s) => s.name === "blog/schema.rel")!;
    const squashed = blog.text.replace(/^ +/gm, "      ").replace(/ {2,}/g, " ").replace(/\n\n/g, "\n\n\n");
    expect(squashed).not.toBe(blog.text);
    expect(format(squashed)).toBe(blog.text);
  });
});

describe("formatSource layout", () => {
  test("a messy file becomes the canonical text", () => {
    const messy = [
      "// header comment",
      "import   \"a.rel\"",
      "import \"b.rel\"",
      "enum   Status{Draft   Published}",
      "/// A post.",
      "entity Post{",
      "     id Int @id @default( autoincrement( ) )",
      "  @@index([ title,   createdAt ])",
      "    title String( 200 )  // shown in lists",
      "",
      "",
      "",
      "  /* the clock */",
      "  createdAt DateTime @default(now())",
      "    status Status @default(Draft)",
      "  @@table( \"posts\" )",
      "      tags Tag[] @through(post_tags)   @backref(posts, lazy : dynamic)",
      "}",
      "entity Tag { id Int @id",
      "  name String(40)? @unique }   // trailing after the brace",
      "table post_tags { postId Int @references(Post.id) @onDelete(cascade)",
      "tagId Int @references(Tag.id)",
      "@@id([postId,tagId]) }",
      "// the end",
    ].join("\n");
    const expected = [
      "// header comment",
      "import \"a.rel\"",
      "import \"b.rel\"",
      "",
      "enum Status { Draft Published }",
      "",
      "/// A post.",
      "entity Post {",
      "  @@table(\"posts\")",
      "",
      "  id        Int         @id @default(autoincrement())",
      "  title     String(200) // shown in lists",
      "",
      "  /* the clock */",
      "  createdAt DateTime    @default(now())",
      "  status    Status      @default(Draft)",
      "  tags      Tag[]       @through(post_tags) @backref(posts, lazy: dynamic)",
      "",
      "  @@index([title, createdAt])",
      "}",
      "",
      "entity Tag {",
      "  id   Int         @id",
      "  name String(40)? @unique",
      "} // trailing after the brace",
      "",
      "table post_tags {",
      "  postId Int @references(Post.id) @onDelete(cascade)",
      "  tagId  Int @references(Tag.id)",
      "",
      "  @@id([postId, tagId])",
      "}",
      "// the end",
      "",
    ].join("\n");
    expect(format(messy)).toBe(expected);
    expect(format(expected)).toBe(expected);
  });

  test("comments inside a field move above it, with their text and order kept", () => {
    const text = "entity A {\n  id /* the key */ Int // first\n    @id // second\n}\n";
    const out = format(text);
    expect(out).toBe("entity A {\n  /* the key */\n  // first\n  id Int @id // second\n}\n");
    expect(comments(out)).toEqual(comments(text));
    expect(meaning(out)).toEqual(meaning(text));
  });

  test("doc comments stay attached to what they document", () => {
    const text = "/// The user.\nentity User {\n/// Its key.\nid Int @id\n  /// Shown on the profile.\n name String\n}\n";
    const out = format(text);
    const docs = (t: string) => {
      const e = parseSource(t, "s.rel").ast.declarations[0] as EntityDecl;
      return [e.doc, ...e.fields.map((f) => f.doc)];
    };
    expect(docs(out)).toEqual(["The user.", "Its key.", "Shown on the profile."]);
    expect(docs(out)).toEqual(docs(text));
  });

  test("an empty file and a comment-only file", () => {
    expect(format("")).toBe("");
    expect(format("\n\n  // only a note  \n\n")).toBe("// only a note\n");
  });

  test("a file with syntax errors is refused with its diagnostics, not formatted", () => {
    const result = formatSource("entity A {\n  id Int @id(\n}\nentity {", "bad.rel");
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.span.file === "bad.rel")).toBe(true);
    expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
  });

  test("lexical errors refuse too (an unterminated string, a stray character)", () => {
    expect(formatSource('entity A { @@table("a) }', "a.rel").text).toBeUndefined();
    expect(formatSource("entity A { id Int # }", "a.rel").text).toBeUndefined();
  });

  test("semantic errors do not stop formatting: layout only needs the syntax", () => {
    const result = formatSource("entity A {\nid Strng @uniqe\n}\n", "a.rel");
    expect(result.text).toBe("entity A {\n  id Strng @uniqe\n}\n");
  });
});
