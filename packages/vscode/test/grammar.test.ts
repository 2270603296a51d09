import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectedScopes, type Expectation } from "./support/expected-scopes.js";
import { relFixtures } from "./support/fixtures.js";
import { tokenize, type ScopedText } from "./support/textmate.js";

// Every fixture the compiler is tested on, tokenized by the grammar and held
// to what the compiler itself reads in it.

const fixtures = relFixtures();

/** The first character of `e` whose scopes miss the expected family, described; undefined when all match. */
function mismatch(scoped: ScopedText, e: Expectation): string | undefined {
  for (let i = e.start; i < e.end; i++) {
    const ok = e.anyOf.some((f) => scoped.has(i, f)) && !(e.noneOf ?? []).some((f) => scoped.has(i, f));
    if (!ok) {
      const line = scoped.text.slice(0, i).split(/\r\n|\n|\r/).length;
      return `${e.what} (${JSON.stringify(scoped.text.slice(e.start, e.end))}, line ${line}) wants ${e.anyOf.join(" | ")}${e.noneOf ? ` but not ${e.noneOf.join(", ")}` : ""}; at ${JSON.stringify(scoped.text[i])} the grammar gives ${scoped.scopesAt(i).join(" ")}`;
    }
  }
  return undefined;
}

/** Scopes that say nothing about a character: the file's own and the containers'. */
const bare = (s: string): boolean => s === "source.rel" || s.startsWith("meta.");

async function check(text: string, file: string): Promise<{ clean: boolean; scoped: ScopedText; problems: string[] }> {
  const reference = expectedScopes(text, file);
  const scoped = await tokenize(text);
  const problems = reference.expectations.map((e) => mismatch(scoped, e)).filter((m): m is string => m !== undefined);
  if (reference.clean) {
    for (let i = 0; i < text.length; i++) {
      if (/\s/.test(text[i]!)) continue;
      const scopes = scoped.scopesAt(i);
      if (scopes.some((s) => s.startsWith("invalid."))) problems.push(`offset ${i} (${JSON.stringify(text[i])}) is ${scopes.join(" ")} in a file the compiler accepts`);
      else if (scopes.every(bare)) problems.push(`offset ${i} (${JSON.stringify(text[i])}) has no scope of its own: ${scopes.join(" ")}`);
    }
  }
  return { clean: reference.clean, scoped, problems };
}

describe("the TextMate grammar on every fixture", () => {
  it("finds the fixtures", () => {
    expect(fixtures.length).toBeGreaterThan(50);
    expect(fixtures.some((f) => f.name.startsWith(`errors${path.sep}`))).toBe(true);
  });

  it.each(fixtures.map((f) => [f.name, f]))("%s", async (_name, { file, text }) => {
    const { problems } = await check(text, file);
    expect(problems).toEqual([]);
  });

  it("checks a real share of each role in the fixtures", async () => {
    // guards the check itself: an expectation list that came out empty would pass everything
    const counts = new Map<string, number>();
    for (const { file, text } of fixtures) {
      for (const e of expectedScopes(text, file).expectations) {
        for (const f of e.anyOf) counts.set(f, (counts.get(f) ?? 0) + 1);
      }
    }
    for (const family of [
      "comment", "comment.line.documentation", "string.quoted.double", "constant.numeric", "constant.language.boolean",
      "keyword.control.import", "storage.type.entity", "storage.type.table", "storage.type.enum",
      "entity.name.type.entity", "entity.name.type.table", "entity.name.type.enum", "variable.other.enummember",
      "variable.other.property", "support.type.primitive", "entity.name.type", "entity.name.function.attribute",
      "punctuation.definition.attribute", "variable.parameter", "support.function", "support.constant",
      "variable.other", "keyword.other.order",
    ]) {
      expect(counts.get(family) ?? 0, family).toBeGreaterThan(0);
    }
  });
});

describe("the TextMate grammar on layouts the fixtures do not use", () => {
  const cases: [string, string][] = [
    ["two fields on one line", "entity A {\n  id Int @id name String @unique\n}\n"],
    ["attribute arguments over several lines", "entity A {\n  id Int @id\n  b  Int\n  @@index([\n    id, // first\n    b\n  ])\n}\n"],
    ["a one-line entity and enum", "entity A { id Int @id }\nenum E { X Y }\n"],
    ["four slashes are a comment, not a doc", "//// not a doc\n/// a doc\nentity A { id Int @id }\n"],
    ["a block comment inside a field", "entity A {\n  id /* key */ Int @id /* spans\n lines */ @default(autoincrement())\n}\n"],
    ["escapes, negative and decimal numbers", 'entity A {\n  id Int @id\n  s String @default("a \\"q\\" \\\\ b")\n  n Decimal(10, 2) @default(-3.25)\n}\n'],
    ["keywords as field names", "entity A {\n  id Int @id\n  table String\n  entity Int\n  asc Boolean @default(true)\n}\n"],
    ["a declaration on several lines", "entity\n  A\n{\n  id Int @id\n}\n"],
    ["CRLF line ends", "/// doc\r\nentity A {\r\n  id Int @id // key\r\n}\r\n"],
    ["list types, optionals and qualified references", "entity A {\n  id Int @id\n  bs B[] @backref(a, lazy: selectin, cascade: [all, delete-orphan])\n}\nentity B {\n  id Int @id\n  aId Int? @references(A.id) @onDelete(set-null)\n}\n"],
  ];
  it.each(cases)("%s", async (_name, text) => {
    const { clean, problems } = await check(text, "inline.rel");
    expect(clean).toBe(true);
    expect(problems).toEqual([]);
  });

  it("stops an unterminated string at the end of its line", async () => {
    const text = 'entity A {\n  id Int @default("open)\n  name String\n}\n';
    const scoped = await tokenize(text);
    const name = text.indexOf("name");
    expect(scoped.has(text.indexOf('"open'), "string.quoted.double")).toBe(true);
    expect(scoped.has(name, "string")).toBe(false);
  });

  it("marks what no rule explains as invalid: Prisma's `model`, a stray `=`", async () => {
    const text = 'model User {\n  id Int @id\n}\ndatasource db {\n  provider = "postgresql"\n}\n';
    const scoped = await tokenize(text);
    expect(scoped.has(text.indexOf("model"), "invalid.illegal")).toBe(true);
    expect(scoped.has(text.indexOf("="), "invalid.illegal")).toBe(true);
    // the members are still coloured, as the parser still checks them
    expect(scoped.has(text.indexOf("@id") + 1, "entity.name.function.attribute")).toBe(true);
  });

  it("marks an escape the lexer rejects", async () => {
    const text = 'entity A {\n  id String @id @default("a\\tb")\n}\n';
    const scoped = await tokenize(text);
    expect(scoped.has(text.indexOf("\\t"), "invalid.illegal.escape")).toBe(true);
  });
});
