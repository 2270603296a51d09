// Issue 14's shapes at the sizes it names, for their results: the compiler's speed on them is
// measured by npm run bench:scale and the parse/resolve stage timings, never here.
import { describe, expect, test } from "vitest";
import { compileSource, type CompileResult } from "@relgen/dsl";
import { syntheticSchema } from "../../../../bench/scale/synthetic.js";
import { foreignKeyChain } from "./schemas.js";

/** Every entity's span covers its declaration, from `entity` to its `}`, wherever it is in a large file. */
function expectEntitySpans(text: string, result: CompileResult): void {
  for (const e of result.ir!.entities) {
    const declared = text.slice(e.span.start, e.span.end);
    expect(declared).toMatch(new RegExp(`^entity ${e.name} \\{[^]*\\}$`));
    expect(declared.split("{").length).toBe(declared.split("}").length);
  }
}

describe("large schemas compile without a diagnostic", () => {
  test("a chain of 2,000 entities linked by foreign keys", () => {
    const text = foreignKeyChain(2_000);
    const result = compileSource(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.entities).toHaveLength(2_000);
    expect(result.ir!.tables.find((t) => t.name === "e1999")?.foreignKeys.map((fk) => fk.targetTable)).toEqual(["e1998"]);
    expectEntitySpans(text, result);
  }, 120_000);

  test("bench:scale's synthetic schema at 1,000 entities", () => {
    const text = syntheticSchema(1_000);
    const result = compileSource(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.entities).toHaveLength(1_000);
    expectEntitySpans(text, result);
  }, 120_000);
});
