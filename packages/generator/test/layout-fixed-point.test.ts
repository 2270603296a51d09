import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { compileFile, compileSource, type SchemaIR } from "@relgen/dsl";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { syntheticSchema } from "../../../bench/scale/synthetic.js";
import { input, loadCorpus } from "../../dsl/test/fuzz/fuzzer.js";
import { generate } from "../src/generate.js";
import { PRETTIER_OPTIONS } from "../src/render/format.js";

/**
 * relgen lays out its TypeScript itself (render/ts-layout.ts) instead of
 * running Prettier; the proof is that Prettier, run on every .ts file relgen
 * writes, changes nothing.
 */
async function unchangedByPrettier(ir: SchemaIR): Promise<string[]> {
  const changed: string[] = [];
  for (const file of await generate(ir, { dialects: ["sqlite"] })) {
    if (!file.path.endsWith(".ts")) continue;
    // Let the worker answer vitest between files: 600 entities keep it busy for half a minute.
    await new Promise((resolve) => setImmediate(resolve));
    const formatted = await format(file.contents, PRETTIER_OPTIONS);
    if (formatted !== file.contents) changed.push(`${file.path}\n${firstDifference(file.contents, formatted)}`);
  }
  return changed;
}

function firstDifference(ours: string, prettier: string): string {
  const a = ours.split("\n");
  const b = prettier.split("\n");
  const i = a.findIndex((l, n) => l !== b[n]);
  return `line ${i + 1}:\n  relgen:   ${a.slice(i, i + 3).join("\n            ")}\n  prettier: ${b.slice(i, i + 3).join("\n            ")}`;
}

function compiled(source: string): SchemaIR {
  const { ir, diagnostics } = compileSource(source);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return ir as SchemaIR;
}

const root = join(import.meta.dirname, "../../../fixtures");
const fixtures = readdirSync(root).filter((d) => existsSync(join(root, d, "schema.rel")));

describe("generated TypeScript is a Prettier fixed point", () => {
  it.each(fixtures)("fixture %s", async (name) => {
    const { ir } = compileFile(join(root, name, "schema.rel"));
    expect(ir).toBeDefined();
    expect(await unchangedByPrettier(ir as SchemaIR)).toEqual([]);
  });

  it.each([6, 60, 600])("synthetic schema of %i entities", async (n) => {
    expect(await unchangedByPrettier(compiled(syntheticSchema(n)))).toEqual([]);
  }, 120_000);

  it("fuzzer inputs that compile", async () => {
    const corpus = loadCorpus();
    let valid = 0;
    const changed: string[] = [];
    for (let i = 0; valid < 200 && i < 20_000; i++) {
      const { ir, diagnostics } = compileSource(input(corpus, 14, i));
      if (!ir || diagnostics.some((d) => d.severity === "error")) continue;
      valid++;
      changed.push(...(await unchangedByPrettier(ir)).map((c) => `input ${i}: ${c}`));
    }
    expect(valid).toBe(200);
    expect(changed).toEqual([]);
  }, 300_000);

  it("stress: long names, long docs, many relations, big enums, long string defaults", async () => {
    expect(await unchangedByPrettier(compiled(stressSchema()))).toEqual([]);
  }, 60_000);
});

function stressSchema(): string {
  const long = (base: string, n: number) => `${base}${"Xy".repeat(n)}`;
  const lines: string[] = [];
  const values = Array.from({ length: 40 }, (_, i) => `Value${i}`);
  lines.push(`/// ${"A very long enum doc that keeps going. ".repeat(8)}`);
  lines.push(`enum ${long("Status", 20)} {\n  ${values.join("\n  ")}\n}`);
  lines.push(`enum Short {\n  A\n  B\n}`);
  const parents: string[] = [];
  for (const size of [1, 10, 18, 25, 30]) {
    const parent = long("Parent", size);
    parents.push(parent);
    lines.push(`/// ${"Doc words ".repeat(30)}\nentity ${parent} {\n  @@table("parent_${size}")`);
    lines.push(`  id Int @id @default(autoincrement())`);
    lines.push(`  ${long("field", size)} Text @column("f") @default("${"long default text ".repeat(size + 2)}")`);
    lines.push(`  quoted String @default("say \\"hi\\" it's")`);
    lines.push(`  wide String @default("日本語の文字列はとても長いです日本語の文字列はとても長いです日本語の文字列はとても長いです")`);
    lines.push(`  ${long("status", size)} ${long("Status", 20)}? @column("s")`);
    lines.push(`  big BigInt @default(1234567890123456789)`);
    lines.push(`  ratio Float @default(0.000001)`);
    lines.push(`  ${long("children", size)} ${long("Child", size)}[] @backref(${long("parent", size)})`);
    lines.push(`}`);
    const child = long("Child", size);
    lines.push(`entity ${child} {\n  @@table("child_${size}")`);
    lines.push(`  id Int @id @default(autoincrement())`);
    lines.push(`  ${long("parentId", size)} Int @column("p") @references(${parent}.id)`);
    lines.push(`  otherId Int?`);
    lines.push(`}`);
  }
  return lines.join("\n");
}
