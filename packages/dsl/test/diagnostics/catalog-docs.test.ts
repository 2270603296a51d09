import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "vitest";

const catalogDir = new URL("../../src/diagnostics/catalog/", import.meta.url);
const docs = readFileSync(new URL("../../../../docs/language.md", import.meta.url), "utf8");

function catalogCodes(): string[] {
  const codes = readdirSync(catalogDir)
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) => [...readFileSync(new URL(f, catalogDir), "utf8").matchAll(/"([EW]\d{4})"/g)].map((m) => m[1]!));
  return [...new Set(codes)].sort();
}

test("every diagnostic code in the catalog is documented in docs/language.md, and nothing else is", () => {
  const documented = [...docs.matchAll(/^\| ([EW]\d{4}) \|/gm)].map((m) => m[1]!).sort();
  const codes = catalogCodes();
  expect(codes.length).toBeGreaterThan(70);
  expect(documented).toEqual(codes);
});
