import { compileSource, type SchemaIR } from "@relgen/dsl";
import { compactSchema, defineSchema, RelgenError, type SchemaMeta, type SchemaSource } from "@relgen/runtime";
import { describe, expect, it } from "vitest";
import { syntheticSchema } from "../../../bench/scale/synthetic.js";
import { compileCase, validCases } from "../../../fixtures/test/support/cases.js";
import { createViewContext } from "../src/views/context.js";
import { schemaMeta } from "../src/views/schema-view.js";
import { blogIR } from "./support/blog-ir.js";
import { kitchenIR } from "./support/kitchen-ir.js";

/** The full metadata the generator wrote before schema.ts was compact, as plain data (absent, not undefined). */
const fullMeta = (ir: SchemaIR): SchemaMeta => JSON.parse(JSON.stringify(schemaMeta(createViewContext(ir, "schema.rel"))));

/** Plain data with the same key order, so `toStrictEqual` and the JSON text both compare. */
const asData = (meta: SchemaMeta): unknown => JSON.parse(JSON.stringify(meta));

function expectSame(expanded: SchemaMeta, full: SchemaMeta): void {
  expect(expanded).toStrictEqual(full);
  expect(JSON.stringify(expanded)).toBe(JSON.stringify(full));
}

describe("schema.ts: the compact form expands to the full metadata", () => {
  const cases = validCases();
  it.each(cases.map((c) => [c.name, c] as const))("fixture %s: expected/schema.ts", async (_name, c) => {
    const { ir } = compileCase(c);
    const generated = (await import(`${c.dir}/expected/schema.ts`)) as { schema: SchemaMeta };
    expectSame(asData(generated.schema) as SchemaMeta, fullMeta(ir!));
  });

  it("the synthetic schema (every relation kind, 300 entities)", () => {
    const { ir, diagnostics } = compileSource(syntheticSchema(300));
    expect(diagnostics).toEqual([]);
    const full = fullMeta(ir!);
    const source = JSON.parse(JSON.stringify(compactSchema(full))) as SchemaSource;
    expectSame(asData(defineSchema(source)) as SchemaMeta, full);
    expect(JSON.stringify(source).length).toBeLessThan(JSON.stringify(full).length / 3);
  });

  it.each([
    ["blog", blogIR],
    ["kitchen", kitchenIR],
  ])("the %s IR of the generator tests", (_name, ir) => {
    const full = fullMeta(ir());
    expectSame(asData(defineSchema(JSON.parse(JSON.stringify(compactSchema(full))))) as SchemaMeta, full);
  });

  it("writes a property only when it differs from its default", () => {
    const source = JSON.parse(JSON.stringify(compactSchema(fullMeta(blogIR())))) as SchemaSource;
    const user = source.entities.User!;
    expect(user.columns.id).toEqual({ type: "Int", primaryKey: true, default: "autoincrement" });
    expect(user.relations?.posts).not.toHaveProperty("localColumns");
    expect(source.entities.Post?.relations?.author).toEqual({
      kind: "many-to-one",
      target: "User",
      localColumns: ["userId"],
      inverse: "posts",
    });
    expect(source.tables.find((t) => t.entity === "User")?.columns).toBeUndefined();
  });
});

describe("defineSchema rejects inconsistent data by name", () => {
  const source = (): { -readonly [K in keyof SchemaSource]: SchemaSource[K] } =>
    JSON.parse(JSON.stringify(compactSchema(fullMeta(blogIR()))));

  it("a relation target that is not an entity", () => {
    const s = source();
    (s.entities.Post!.relations!.author as { target: string }).target = "Author";
    expect(() => defineSchema(s)).toThrow(RelgenError);
    expect(() => defineSchema(s)).toThrow(/entity "Post", relation "author": its target "Author" is not an entity.*relgen build/);
  });

  it("an inverse the target does not have", () => {
    const s = source();
    (s.entities.Post!.relations!.author as { inverse?: string }).inverse = "articles";
    expect(() => defineSchema(s)).toThrow(/entity "Post", relation "author": its inverse "articles" is not a relation of "User"/);
  });

  it("a key or join column that is not a column", () => {
    const s = source();
    (s.entities.Post!.relations!.author as { localColumns?: string[] }).localColumns = ["writerId"];
    // User.posts takes its remote columns from its inverse, Post.author, and is checked first
    expect(() => defineSchema(s)).toThrow(/entity "User", relation "posts", remoteColumns: "writerId" is not a column/);
    const t = source();
    (t.entities.Post as { primaryKey?: string[] }).primaryKey = ["slug"];
    expect(() => defineSchema(t)).toThrow(/entity "Post", primaryKey: "slug" is not a column/);
  });

  it("a target or inverse named like an Object member, which plain lookup would find on the prototype", () => {
    const s = source();
    (s.entities.Post!.relations!.author as { target: string }).target = "toString";
    expect(() => defineSchema(s)).toThrow(/relation "author": its target "toString" is not an entity/);
    const t = source();
    (t.entities.Post!.relations!.author as { inverse?: string }).inverse = "constructor";
    expect(() => defineSchema(t)).toThrow(/relation "author": its inverse "constructor" is not a relation of "User"/);
  });

  it("a table whose entity is gone", () => {
    const s = source();
    s.tables = [...s.tables, { entity: "Comment" }];
    expect(() => defineSchema(s)).toThrow(/table "Comment": its entity "Comment" is not an entity/);
  });
});
