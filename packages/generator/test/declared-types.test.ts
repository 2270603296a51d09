import { compileSource } from "@relgen/dsl";
import { describe, expect, it } from "vitest";
import { generate } from "../src/generate.js";

async function model(field: string): Promise<string> {
  const { ir, diagnostics } = compileSource(`entity User {\n  id Int @id\n  ${field}\n}`);
  expect(diagnostics).toEqual([]);
  const files = await generate(ir!, { dialects: ["sqlite"] });
  return files.find((f) => f.path === "models/user.ts")!.contents;
}

describe("Json columns with @type", () => {
  it("import the type, the relative path rewritten for models/ (relative to --out)", async () => {
    const out = await model('prefs Json @type("Preferences", from: "./types/prefs.js")');
    expect(out).toContain('import type { Preferences } from "../types/prefs.js";');
    expect(out).toContain("declare prefs: Preferences;");
  });

  it("keep a package specifier as written", async () => {
    const out = await model('prefs Json @type("Settings", from: "@acme/settings")');
    expect(out).toContain('import type { Settings } from "@acme/settings";');
  });

  it("print an inline type, parenthesised where null would bind wrongly", async () => {
    expect(await model('tags Json? @type("string[]")')).toContain("declare tags: string[] | null;");
    expect(await model('cb Json? @type("{ a: number } | string")')).toContain("declare cb: ({ a: number } | string) | null;");
    expect(await model('fn Json? @type("Record<string, number>")')).toContain("declare fn: Record<string, number> | null;");
  });

  it("leave a plain Json column unknown", async () => {
    expect(await model("raw Json?")).toContain("declare raw: unknown;");
  });
});
