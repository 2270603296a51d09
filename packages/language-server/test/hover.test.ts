import { compileFile, nodeHost } from "@relgen/dsl";
import type { Hover } from "vscode-languageserver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, positionOf, REPO, TestClient } from "./support/client.js";

const blog = fixture("blog", "schema.rel");
const ir = compileFile(blog, nodeHost(REPO)).ir!;
const relation = (entity: string, name: string) => ir.entities.find((e) => e.name === entity)!.relations.find((r) => r.name === name)!;

describe("hover over the protocol", () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start();
    await client.open(blog);
  });
  afterAll(() => client.dispose());

  const hoverAt = async (needle: string, shift = 1, nth = 0) =>
    (await client.request<Hover | null>("textDocument/hover", blog, { position: positionOf(client.text(blog), needle, shift, nth) }));
  const text = (h: Hover | null) => (h?.contents as { value: string } | undefined)?.value ?? "";

  it("a declared relation: kind, foreign key column, inverse, loading, cascades, and its /// doc", async () => {
    const rel = relation("User", "posts");
    const value = text(await hoverAt("posts     Post[]"));
    expect(value).toContain(`${rel.kind}, a collection of \`Post\``);
    expect(value).toContain(`\`Post.${rel.remoteColumns[0]}\` → \`User.${rel.localColumns[0]}\``);
    expect(value).toContain(`constraint \`${rel.foreignKey}\`, on delete cascade`);
    expect(value).toContain(`inverse: \`Post.${rel.inverse}\` (created by this relation's \`@backref\`)`);
    expect(value).toContain(`loading: \`${rel.lazy}\``);
    expect(value).toContain(`cascade: ${rel.cascade.map((c) => `\`${c}\``).join(", ")}`);
    expect(value).toContain("ordered by: `createdAt desc`");
    expect(value).toContain("Newest first, as a profile page lists them.");
  });

  it("a backref name: the relation it creates on the target, with the strategy the backref gave it", async () => {
    const rel = relation("Comment", "author");
    const value = text(await hoverAt("@backref(author, lazy: joined)", "@backref(".length + 1));
    expect(value).toContain(`**relation** \`Comment.author\`: ${rel.kind}`);
    expect(value).toContain(`\`Comment.${rel.localColumns[0]}\` → \`User.id\``);
    expect(value).toContain(`loading: \`${rel.lazy}\``);
    expect(rel.lazy).toBe("joined");
    expect(value).toContain("created by the `@backref` of `User.comments`");
  });

  it("a foreign-key column names its constraint and target; an entity its table and doc", async () => {
    const value = text(await hoverAt("userId    Int?"));
    const fk = ir.tables.find((t) => t.entity === "Comment")!.foreignKeys.find((f) => f.columns[0] === "userId")!;
    expect(value).toContain(`foreign key \`${fk.name}\` → \`User.id\`, on delete set-null`);
    expect(value).toContain("nullable");
    const entity = text(await hoverAt("entity User", "entity ".length + 1));
    expect(entity).toContain("→ table `users`");
    expect(entity).toContain("Someone who writes posts and comments.");
  });

  it("while the buffer has an error, the last resolved schema answers and says so", async () => {
    const original = client.text(blog);
    await client.change(blog, original.replace("content   Text", "content   Txet"));
    const value = text(await hoverAt("posts     Post[]"));
    expect(value).toContain("one-to-many");
    expect(value).toContain("from the last build without errors");
    await client.change(blog, original);
    expect(text(await hoverAt("posts     Post[]"))).not.toContain("from the last build");
  });
});
