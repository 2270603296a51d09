import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { compileSource, parseSource } from "@relgen/dsl";

const ERRORS = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../fixtures/errors");
const syntaxCases = readdirSync(ERRORS).filter((name) => name.startsWith("E01"));

describe("every syntax error says how to fix it", () => {
  test("there are syntax-error fixtures", () => expect(syntaxCases.length).toBeGreaterThanOrEqual(5));

  test.each(syntaxCases)("%s: each diagnostic has a help line", (name) => {
    const { diagnostics } = compileSource(readFileSync(join(ERRORS, name, "schema.rel"), "utf8"));
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.filter((d) => !d.help).map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  // one input per kind of parse error the message provider phrases
  test.each([
    ["stray text between declarations", "entity A { id Int @id }\nfoo bar"],
    ["unmatched `}`", "entity A { id Int @id }\n}"],
    ["missing `}`", "entity A { id Int @id\nentity B { id Int @id }"],
    ["missing type", "entity A { id Int @id\n name @unique }"],
    ["missing attribute name", "entity A { id Int @ }"],
    ["missing block attribute name", "entity A { id Int @id\n @@ }"],
    ["missing declaration name", "entity { id Int @id }"],
    ["missing `{`", "entity A id Int @id }"],
    ["unclosed attribute arguments", "entity A { id Int @id @default(1\n n Int }"],
    ["unclosed type arguments", "entity A { id Int @id\n n String(80 }"],
    ["unclosed list", "entity A { id Int @id\n n Int\n @@index([n }"],
    ["bad value", "entity A { id Int @id @default(,) }"],
    ["bad type argument", "entity A { id Int @id\n n String(x) }"],
    ["import without a path", "import foo"],
    ["unterminated string", "entity A { id Int @id\n n String @default(\"x) }"],
    ["unknown character", "entity A { id Int @id\n n Int = 3 }"],
    ["comma in an enum", "enum Role { A, B }"],
    ["path without a field", "entity A { id Int @id\n b Int @references(B.) }"],
  ])("%s", (_kind, text) => {
    const { diagnostics } = parseSource(text, "t.rel");
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d.help, `${d.code} ${d.message}`).toBeTruthy();
  });
});

describe("Prisma's top-level forms", () => {
  test("`model` is reported on the keyword and its body is still checked", () => {
    const { diagnostics } = compileSource("model User {\n  id Int @id\n  name Strng\n}");
    expect(diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}-${d.span.end - d.span.start}`)).toEqual([
      "E0116 1:1-5", "E0401 3:8-5",
    ]);
    expect(diagnostics[0]!.help).toContain("did you mean `entity`?");
  });

  test("`datasource` and `generator` blocks are reported once each and skipped, `=` and all", () => {
    const text = "datasource db {\n  provider = \"sqlite\"\n  url = env(\"X\")\n}\ngenerator client {\n  provider = \"x\"\n}\nentity A { id Int @id }";
    const { diagnostics } = compileSource(text);
    expect(diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(["E0117 1:1", "E0117 5:1"]);
    expect(diagnostics[0]!.help).toContain("`dialects`");
  });

  test("`model` as a field name or inside a block is left alone", () => {
    expect(compileSource("entity A { id Int @id\n model String }").diagnostics).toEqual([]);
  });

  test("an unclosed `datasource` block is skipped to the end, with its one error", () => {
    const { diagnostics } = compileSource("entity A { id Int @id }\ndatasource db {\n  provider = \"sqlite\"\n");
    expect(diagnostics.map((d) => d.code)).toEqual(["E0117"]);
  });
});
