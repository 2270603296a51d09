import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { compileFile, compileSource, type SchemaIR } from "@relgen/dsl";
import { compactSchema, type SchemaMeta } from "@relgen/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syntheticSchema } from "../../../bench/scale/synthetic.js";
import { huggedCall, printTs } from "../src/render/ts-layout.js";
import { createViewContext } from "../src/views/context.js";
import { schemaMeta } from "../src/views/schema-view.js";
import { type LiteralValue, literalDoc, printCallStatement } from "../src/views/ts-literal.js";

// schema.ts is printed one large entry at a time (printCallStatement) to keep a
// huge schema's layout docs out of memory; it must give the bytes the whole
// statement printed as one doc gives.
const HEAD = "export const schema: SchemaMeta = ";

function compact(ir: SchemaIR): LiteralValue {
  return compactSchema(schemaMeta(createViewContext(ir, "schema.rel")) as unknown as SchemaMeta) as unknown as LiteralValue;
}

function wholeDoc(value: LiteralValue): string {
  return printTs([HEAD, huggedCall("defineSchema", literalDoc(value)), ";"]);
}

const fixtures = join(import.meta.dirname, "../../../fixtures");

describe("schema.ts printed entry by entry", () => {
  const cases: [string, () => SchemaIR][] = [
    ...readdirSync(fixtures)
      .filter((name) => existsSync(join(fixtures, name, "expected")) && existsSync(join(fixtures, name, "schema.rel")))
      .map((name): [string, () => SchemaIR] => [name, () => compileFile(join(fixtures, name, "schema.rel")).ir!]),
    ["synthetic, 6 entities", () => compileSource(syntheticSchema(6), "schema.rel").ir!],
    ["synthetic, 300 entities", () => compileSource(syntheticSchema(300), "schema.rel").ir!],
  ];
  it.each(cases)("%s: the same text as one doc", (_name, ir) => {
    const value = compact(ir());
    expect(printCallStatement(HEAD, "defineSchema", value)).toBe(wholeDoc(value));
  });

  it("hand-made data at the edges: long keys and strings, number arrays, nested empties, a value that fits", () => {
    const long = "k".repeat(70);
    const values: LiteralValue[] = [
      { a: 1 },
      { entities: { ["w".repeat(97)]: { columns: Array.from({ length: 9 }, (_, i) => ({ name: `c${i}`, type: "Int" })) } } },
      { entities: {}, tables: [], enums: {} },
      { entities: { [long]: { columns: { [`${long}x`]: { type: "String", doc: "é".repeat(120) } } } }, big: Array.from({ length: 80 }, (_, i) => i) },
      { list: Array.from({ length: 12 }, (_, i) => ({ name: `n${i}`, values: ["a", "b"] })), nested: [[1, 2], [3, 4], Array(40).fill("xx")] },
    ];
    for (const value of values) expect(printCallStatement(HEAD, "defineSchema", value)).toBe(wholeDoc(value));
  });

  // Entries are printed flat, or broken one entry per line, without docs when the text alone decides;
  // random data near the line width (wide and zero-width characters, quotes, long keys) checks those
  // decisions against the doc printer.
  it("random data: the same text as one doc", () => {
    const text = fc.oneof(
      fc.constantFrom("", "id", "x".repeat(30), "中文字", "e\u0301", "say \"hi\"", "it's", "🙂"),
      fc.string({ maxLength: 40 }),
    );
    const key = fc.oneof(fc.constantFrom("a", "name", "columns", "k".repeat(60), "with space", "中"), fc.string({ maxLength: 12 }));
    const { value } = fc.letrec<{ value: LiteralValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 30 }),
        fc.dictionary(key, tie("value"), { maxKeys: 6 }),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), (entries) => {
        const data = { entities: entries, padding: "p".repeat(200) };
        expect(printCallStatement(HEAD, "defineSchema", data)).toBe(wholeDoc(data));
      }),
      { numRuns: 400 },
    );
  });
});
