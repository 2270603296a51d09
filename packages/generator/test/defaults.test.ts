import { compileSource } from "@relgen/dsl";
import { describe, expect, it } from "vitest";
import { generate } from "../src/generate.js";

const SCHEMA = `
entity Order {
  id     Int           @id @default(autoincrement())
  total  Decimal(10, 2) @default(0.50)
  views  BigInt        @default(12)
  ratio  Float         @default(1.5)
  note   Text?         @default(null)
  memo   Text?
  rush   Boolean       @default(true)
}`;

async function files() {
  const { ir, diagnostics } = compileSource(SCHEMA);
  expect(diagnostics).toEqual([]);
  const out = await generate(ir!, { dialects: ["sqlite"] });
  return (path: string) => out.find((f) => f.path === path)!.contents;
}

describe("column defaults in generated code", () => {
  it("keep Decimal digits and BigInt values exact in the schema metadata", async () => {
    const schema = (await files())("schema.ts");
    expect(schema).toMatch(/total: \{[^}]*}?[^}]*?default: \{ kind: "literal", value: "0\.50" \}/);
    expect(schema).toMatch(/views: \{[^}]*}?[^}]*?default: \{ kind: "literal", value: "12" \}/);
    expect(schema).toMatch(/ratio: \{[^}]*}?[^}]*?default: \{ kind: "literal", value: 1\.5 \}/);
  });

  it("fill @default(null) and plain nullable columns with null, leave real defaults to the database", async () => {
    const model = (await files())("models/order.ts");
    expect(model).toContain("this.note = init.note ?? null;");
    expect(model).toContain("this.memo = init.memo ?? null;");
    expect(model).toContain("if (init.rush !== undefined) this.rush = init.rush;");
    expect(model).toContain("if (init.total !== undefined) this.total = init.total;");
  });
});
