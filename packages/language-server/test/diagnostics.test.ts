import { readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { compileFile, memoryHost, nodeHost } from "@relgen/dsl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, positionOf, REPO, TestClient, uriOf } from "./support/client.js";

/** Every fixture schema, the error cases too: fixtures/<name>/schema.rel and fixtures/errors/<name>/schema.rel. */
function fixtureSchemas(): string[] {
  const dirs = readdirSync(fixture()).map((d) => fixture(d));
  const errors = readdirSync(fixture("errors")).map((d) => fixture("errors", d));
  return [...dirs, ...errors].map((d) => path.join(d, "schema.rel")).filter((f) => existsSync(f)).sort();
}

describe("diagnostics over the protocol", () => {
  let client: TestClient;
  beforeAll(async () => (client = await TestClient.start()));
  afterAll(() => client.dispose());

  it("announces what it serves", () => {
    expect(client.capabilities).toMatchObject({
      hoverProvider: true, definitionProvider: true, referencesProvider: true, documentFormattingProvider: true,
      renameProvider: { prepareProvider: true }, completionProvider: { triggerCharacters: expect.arrayContaining(["@", "("]) },
    });
  });

  it("publishes, for every fixture, what relgen build reports, at the same line and column", async () => {
    const schemas = fixtureSchemas();
    expect(schemas.length).toBeGreaterThan(30);
    let withErrors = 0;
    for (const schema of schemas) {
      const expected = compileFile(schema, nodeHost(REPO)).diagnostics.filter((d) => d.span.file === schema);
      const got = await client.open(schema);
      await client.close(schema);
      if (expected.some((d) => d.severity === "error")) withErrors++;
      expect(got.map((d) => [d.code, d.severity, d.range.start]), path.relative(REPO, schema)).toEqual(
        expected.map((d) => [d.code, d.severity === "error" ? 1 : 2, { line: d.span.line - 1, character: d.span.column - 1 }]),
      );
      for (const [i, d] of got.entries()) expect(String(d.message).startsWith(expected[i]!.message)).toBe(true);
    }
    expect(withErrors).toBeGreaterThan(20);
  });

  it("closing a file clears its diagnostics", async () => {
    const schema = fixture("errors", "E0301-duplicate-entity", "schema.rel");
    expect((await client.open(schema)).length).toBeGreaterThan(0);
    const seen = client.count(uriOf(schema));
    await client.close(schema);
    expect(await client.diagnosticsAfter(uriOf(schema), seen)).toEqual([]);
  });

  it("carries related places as relatedInformation", async () => {
    const schema = fixture("errors", "E0301-duplicate-entity", "schema.rel");
    const [first] = await client.open(schema);
    await client.close(schema);
    const expected = compileFile(schema, nodeHost(REPO)).diagnostics[0]!;
    expect(first!.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]))
      .toEqual(expected.related!.map((r) => [uriOf(r.span.file), r.span.line - 1, r.message]));
  });
});

describe("diagnostics across imported files", () => {
  const entry = fixture("imports", "schema.rel");
  const users = fixture("imports", "users.rel");
  const posts = fixture("imports", "content", "posts.rel");
  let client: TestClient;
  beforeAll(async () => (client = await TestClient.start()));
  afterAll(() => client.dispose());

  it("an unsaved edit of an imported file is checked with its importer, and the unopened importer of it reports too", async () => {
    expect(await client.open(entry)).toEqual([]);
    // published for the imports read from disk as well: empty, but present
    expect(await client.diagnosticsAfter(uriOf(posts), 0)).toEqual([]);
    await client.open(users);

    // rename User in the buffer only: posts.rel (on disk, not open) now names an unknown type
    const renamed = client.text(users).replace("entity User {", "entity Person {");
    const before = client.count(uriOf(posts));
    await client.change(users, renamed);
    const inPosts = await client.until(posts, (ds) => ds.length > 0, before);
    expect(inPosts.map((d) => d.code)).toEqual(["E0513", "E0401"]);
    const postsText = client.text(posts);
    expect(inPosts.find((d) => d.code === "E0401")!.range.start).toEqual(positionOf(postsText, "User", 0, 1));

    const seen = client.count(uriOf(posts));
    await client.change(users, renamed.replace("entity Person {", "entity User {"));
    expect(await client.until(posts, (ds) => ds.length === 0, seen)).toEqual([]);
  });

  it("columns count UTF-16 code units, as LSP positions do", async () => {
    // two astral characters (4 code units, 2 code points) before the error on its line
    const text = client.text(users).replace("username String(80) @unique", 'username String(80) @default("😀😀") @uniqe');
    const got = await client.change(users, text);
    const d = got.find((x) => x.code === "E0501")!;
    expect(d.range.start).toEqual(positionOf(text, "uniqe"));
    expect(d.range.end.character - d.range.start.character).toBe("uniqe".length);
    expect(d.message).toContain("help: did you mean `@unique`?");
    expect(await client.change(users, text.replace("@uniqe", "@unique"))).toEqual([]);
  });
});

describe("the complete check after a pause in typing", () => {
  let client: TestClient;
  beforeAll(async () => (client = await TestClient.start()));
  afterAll(() => client.dispose());

  it("reports what only the whole schema shows: a NOT NULL foreign-key cycle closed far from its other links", async () => {
    // a buffer beside the fixtures, never written: six entities, each referencing the next but the last
    const file = fixture("blog", "cycle.rel");
    const names = ["A", "B", "C", "D", "E", "F"];
    const schema = (closed: boolean) => names.map((e, i) => {
      const next = names[(i + 1) % names.length]!;
      const ref = i < names.length - 1 || closed ? `  ${next.toLowerCase()}Id Int @references(${next})\n` : "";
      return `entity ${e} {\n  id Int @id\n${ref}}\n`;
    }).join("\n");
    expect(await client.open(file, schema(false))).toEqual([]);
    const seen = client.count(uriOf(file));
    await client.change(file, schema(true));
    const expected = compileFile(file, memoryHost({ [file]: schema(true) })).diagnostics;
    expect(expected.map((d) => d.code)).toEqual(["E0801"]);
    const complete = await client.until(file, (ds) => ds.length > 0, seen);
    expect(complete.map((d) => [d.code, d.range.start.line])).toEqual(expected.map((d) => [d.code, d.span.line - 1]));
  });
});


describe("after shutdown", () => {
  it("an edit publishes nothing, neither at once nor as a complete check after the pause", async () => {
    const client = await TestClient.start();
    try {
      const schema = fixture("blog", "schema.rel");
      await client.open(schema);
      await client.rpc.sendRequest("shutdown");
      const seen = client.count(uriOf(schema));
      await client.edit(schema, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, "entity Broken {\n");
      // longer than the pause after which the complete check would run
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(client.count(uriOf(schema))).toBe(seen);
    } finally {
      client.dispose();
    }
  });
});
