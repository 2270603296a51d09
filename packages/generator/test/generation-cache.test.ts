import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileFile, compileSource, memoryHost, ParseCache, type SchemaIR } from "@relgen/dsl";
import { describe, expect, it } from "vitest";
import { syntheticSchema, withOneEntityChanged } from "../../../bench/scale/synthetic.js";
import { input } from "../../dsl/test/fuzz/fuzzer.js";
import type { GeneratedFile } from "../src/contract.js";
import { generate } from "../src/generate.js";
import { GenerationCache } from "../src/reuse/generation-cache.js";

/**
 * `--watch` reuses the previous build's text for whatever an edit left alone.
 * The promise is that the output is byte-for-byte what a fresh generation
 * prints, so every case here compares the cached build with an uncached one.
 */
function compiled(source: string): SchemaIR | undefined {
  const { ir, diagnostics } = compileSource(source);
  return ir !== undefined && !diagnostics.some((d) => d.severity === "error") ? ir : undefined;
}

function mustCompile(source: string): SchemaIR {
  const ir = compiled(source);
  if (ir === undefined) throw new Error(`does not compile:\n${source}`);
  return ir;
}

async function cachedEqualsFresh(ir: SchemaIR, cache: GenerationCache, sourceName = "schema.rel"): Promise<GeneratedFile[]> {
  const cached = await generate(ir, { cache, sourceName });
  const fresh = await generate(ir, { sourceName });
  expect(cached.map((f) => f.path)).toEqual(fresh.map((f) => f.path));
  for (const [i, file] of cached.entries()) expect(file.contents, file.path).toBe(fresh[i]!.contents);
  return cached;
}

const SMALL = 60;

describe("a rebuild with the generation cache", () => {
  it("reuses every model and schema entry when nothing changed", async () => {
    const ir = mustCompile(syntheticSchema(SMALL));
    const cache = new GenerationCache();
    await cachedEqualsFresh(ir, cache);
    const first = cache.stats;
    expect(first.reused).toBe(0);
    await cachedEqualsFresh(mustCompile(syntheticSchema(SMALL)), cache);
    expect(cache.stats).toEqual({ reused: first.printed, printed: 0 });
  });

  it("prints again only what one changed entity reaches", async () => {
    const base = syntheticSchema(SMALL);
    const cache = new GenerationCache();
    await cachedEqualsFresh(mustCompile(base), cache);
    const before = await generate(mustCompile(base));
    const after = await cachedEqualsFresh(mustCompile(withOneEntityChanged(base, SMALL).text), cache);
    const changedModels = after.filter((f, i) => f.path.startsWith("models/") && f.contents !== before[i]!.contents).length;
    expect(changedModels).toBeGreaterThan(0);
    // Printed: the changed model, the models whose view asked about it, and its schema.ts entries.
    expect(cache.stats.printed).toBeGreaterThanOrEqual(changedModels);
    expect(cache.stats.printed).toBeLessThan(SMALL / 4);
  });

  it("notices an answer that changed elsewhere: a new entity named like a runtime type renames its import in every model", async () => {
    const base = syntheticSchema(SMALL);
    const cache = new GenerationCache();
    const plain = await cachedEqualsFresh(mustCompile(base), cache);
    const clashing = await cachedEqualsFresh(mustCompile(`${base}\nentity Reference {\n  id Int @id\n}\n`), cache);
    const model = (files: GeneratedFile[]) => files.find((f) => f.path === "models/account0.ts")?.contents ?? "";
    expect(model(plain)).toContain("type Reference");
    expect(model(clashing)).toContain("Reference as RelgenReference");
  });

  it("notices a relation added on another entity that points at a reused one", async () => {
    const base = `entity Author {\n  id Int @id\n  name String\n}\n\nentity Book {\n  id Int @id\n  authorId Int @references(Author)\n}\n`;
    const withBackref = base.replace("authorId Int @references(Author)", "authorId Int @references(Author)\n  author Author @backref(books)");
    const cache = new GenerationCache();
    await cachedEqualsFresh(mustCompile(base), cache);
    const files = await cachedEqualsFresh(mustCompile(withBackref), cache);
    expect(files.find((f) => f.path === "models/author.ts")?.contents).toContain("books");
  });

  it("notices a collection added on another entity: the reused entity's key becomes optional in its init", async () => {
    const base = `entity Author {\n  id Int @id\n}\n\nentity Book {\n  id Int @id\n  authorId Int @references(Author)\n}\n`;
    const withBooks = base.replace("  id Int @id\n}\n\nentity Book", "  id Int @id\n  books Book[]\n}\n\nentity Book");
    const cache = new GenerationCache();
    const book = (files: GeneratedFile[]) => files.find((f) => f.path === "models/book.ts")?.contents ?? "";
    const before = book(await cachedEqualsFresh(mustCompile(base), cache));
    const after = book(await cachedEqualsFresh(mustCompile(withBooks), cache));
    expect(before).toContain("  authorId: number;");
    expect(after).toContain("  authorId?: number;");
  });

  it("prints every file again for another source name (it is in every header)", async () => {
    const ir = mustCompile(syntheticSchema(6));
    const cache = new GenerationCache();
    await cachedEqualsFresh(ir, cache, "schema.rel");
    const files = await cachedEqualsFresh(ir, cache, "other.rel");
    expect(files.find((f) => f.path === "models/account0.ts")?.contents).toContain("other.rel");
  });

  it("equals a fresh generation over fuzzed edits of every fixture, going back and forth", async () => {
    const root = join(import.meta.dirname, "../../../fixtures");
    const fixtures = readdirSync(root)
      .filter((d) => existsSync(join(root, d, "schema.rel")))
      .map((d) => readFileSync(join(root, d, "schema.rel"), "utf8"))
      .filter((text) => compiled(text) !== undefined);
    expect(fixtures.length).toBeGreaterThan(10);
    let edits = 0;
    let reused = 0;
    for (const [n, text] of fixtures.entries()) {
      const cache = new GenerationCache();
      const original = mustCompile(text);
      await cachedEqualsFresh(original, cache);
      for (let i = 0, valid = 0; valid < 6 && i < 400; i++) {
        const edited = compiled(input([text], n + 1, i));
        if (edited === undefined) continue;
        valid++;
        await cachedEqualsFresh(edited, cache);
        reused += cache.stats.reused;
        await cachedEqualsFresh(original, cache);
        reused += cache.stats.reused;
      }
      edits++;
    }
    expect(edits).toBe(fixtures.length);
    // The comparison above is only worth something if the cache was used.
    expect(reused).toBeGreaterThan(100);
  }, 120_000);
  it("with the parse cache as well (the whole --watch path): a fresh compile's files, edit after edit", async () => {
    const parseCache = new ParseCache();
    const cache = new GenerationCache();
    const base = syntheticSchema(SMALL);
    const edited = withOneEntityChanged(base, SMALL).text;
    // the edit, its revert, every declaration moved down, a doc comment added to the first
    for (const text of [base, edited, base, `// moved\n\n${edited}`, `/// First.\n${base}`, base]) {
      const { ir } = compileFile("schema.rel", memoryHost({ "schema.rel": text }), { parseCache });
      const files = await generate(ir!, { cache, sourceName: "schema.rel" });
      const fresh = await generate(mustCompile(text), { sourceName: "schema.rel" });
      expect(files.map((f) => f.path)).toEqual(fresh.map((f) => f.path));
      for (const [i, file] of files.entries()) expect(file.contents, file.path).toBe(fresh[i]!.contents);
    }
    expect(cache.stats.reused).toBeGreaterThan(0);
  });
});
