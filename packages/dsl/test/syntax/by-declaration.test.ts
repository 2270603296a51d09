// Reading a clean file one declaration at a time, lexed a piece at a time,
// must give exactly what reading it whole gives: same tokens, same AST, same
// diagnostics. Pieces are made tiny here so that every kind of boundary
// (inside a block comment, a doc comment, a CRLF, an unterminated string) is met.
import type { IToken } from "chevrotain";
import { describe, expect, test } from "vitest";
import { syntheticSchema } from "../../../../bench/scale/synthetic.js";
import { LineIndex } from "../../src/source/line-index.js";
import { lex, lexPieces, type LexResult } from "../../src/syntax/lexer.js";
import { parseClean, parseSource, parseWhole } from "../../src/syntax/parse.js";
import { input, loadCorpus } from "../fuzz/fuzzer.js";
import { SPEC_EXAMPLE } from "./example.js";

const FILE = "p.rel";
const PIECES = [1, 13, 200];
const corpus = loadCorpus();
/** Fuzzer inputs: mutated fixtures, most with errors, some still clean. */
const fuzzed = Array.from({ length: 1_500 }, (_, i) => input(corpus, 20_261_207, i));

const tokenView = (t: IToken) => `${t.tokenType.name}@${t.startOffset}-${t.endOffset}:${t.image}`;
const lexView = (r: Pick<LexResult, "tokens" | "docs" | "diagnostics">) => ({
  tokens: r.tokens.map(tokenView),
  docs: r.docs.map(tokenView),
  diagnostics: [...r.diagnostics].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code)),
});

function lexInPieces(text: string, pieceChars: number) {
  const all = { tokens: [] as IToken[], docs: [] as IToken[], diagnostics: [] as LexResult["diagnostics"] };
  for (const piece of lexPieces(text, new LineIndex(text), FILE, pieceChars)) {
    all.tokens.push(...piece.tokens);
    all.docs.push(...piece.docs);
    all.diagnostics.push(...piece.diagnostics);
  }
  return all;
}

const BOUNDARIES = [
  "entity A {\n  id Int @id /* a block comment\nacross lines\n */ name String\n}\n",
  "entity A {\n  id Int @id\n}\n/* never closed\nentity B {\n  id Int @id\n}\n",
  "/* one */ /* two\n*/ /* three\n\n\n*/\nentity A {\n  id Int @id\n}\n",
  "/// doc of A\n/// second line\n\n\n\nentity A {\n  /// doc of id\n  id Int @id\n}\n/// documents nothing\n",
  "entity A {\r\n  id Int @id\r\n  s String @default(\"a\\qb\")\r\n}\r\nimport \"x.rel\r\nenum E { A\rB }\n",
  'import "a.rel"\nimport "b.rel"\nentity A {\n  id Int @id\n  x String @default("unterminated\n}\n',
  "entity A {\n  id Int @id $ é\n  tags String[] @default([[[\"a\"]]])\n}\n",
];

describe("lexing a piece at a time", () => {
  test.each(PIECES)("gives the whole text's tokens, docs and lexical diagnostics (pieces of %i chars)", (pieceChars) => {
    for (const text of [...BOUNDARIES, SPEC_EXAMPLE, ...fuzzed.slice(0, 500)]) {
      expect(lexView(lexInPieces(text, pieceChars)), text.slice(0, 300)).toEqual(lexView(lex(text, new LineIndex(text), FILE)));
    }
  });

  test("lexes each piece once, unless a block comment crosses its end", () => {
    const text = "entity A {\n  id Int @id\n}\n".repeat(50);
    expect([...lexPieces(text, new LineIndex(text), FILE, 100)].length).toBeGreaterThan(10);
    const commented = `/*\n${text}*/\n${text}`;
    const pieces = [...lexPieces(commented, new LineIndex(commented), FILE, 100)];
    expect(pieces[0]!.tokens).toEqual([]); // the comment, in one piece: no tokens
    expect(pieces[1]!.tokens[0]!.image).toBe("entity");
  });
});

describe("parsing one declaration at a time", () => {
  const clean = (text: string, pieceChars?: number) => parseClean(text, FILE, new LineIndex(text), pieceChars);
  const whole = (text: string) => parseWhole(text, FILE, new LineIndex(text));

  test.each(PIECES)("gives the whole-file parse's AST and diagnostics wherever it applies (pieces of %i chars)", (pieceChars) => {
    let applied = 0;
    for (const text of [...BOUNDARIES, SPEC_EXAMPLE, ...fuzzed]) {
      const result = clean(text, pieceChars);
      if (result === undefined) continue;
      applied++;
      expect(result, text.slice(0, 300)).toEqual(whole(text));
    }
    // the clean inputs above: most boundary cases, the example, and the fuzzer's inputs that stayed valid
    expect(applied).toBeGreaterThan(50);
  }, 120_000);

  test("applies to bench:scale's synthetic schema, with the same result", () => {
    const text = syntheticSchema(300);
    expect(clean(text)).toEqual(whole(text));
    expect(clean(text, 500)).toEqual(whole(text));
    expect(parseSource(text, FILE).ast.declarations.length).toBeGreaterThan(300);
  });

  test.each([
    ["a syntax error", "entity A {\n  id Int @id\n  name\n}\n"],
    ["a block never closed", "entity A {\n  id Int @id\n"],
    ["a stray closing brace", "entity A {\n  id Int @id\n}\n}\n"],
    ["text between declarations", "entity A {\n  id Int @id\n}\nid Int\n"],
    ["Prisma's model", "model A {\n  id Int @id\n}\n"],
    ["a declaration inside a block", "entity A {\n  id Int @id\nentity B {\n  id Int @id\n}\n}\n"],
    ["lists nested too deeply", `entity A {\n  id Int @id @default(${"[".repeat(40)}1${"]".repeat(40)})\n}\n`],
  ])("leaves %s to the whole-file parse (its recovery and messages)", (_, text) => {
    expect(clean(text)).toBeUndefined();
    expect(parseSource(text, FILE)).toEqual(whole(text));
    expect(whole(text).diagnostics.length).toBeGreaterThan(0);
  });
});
