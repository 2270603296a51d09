import { readFileSync } from "node:fs";
import { formatSource } from "@relgen/dsl";
import { describe, expect, it } from "vitest";
import { lex, LineIndex } from "./support/compiler-internals.js";
import { relFixtures } from "./support/fixtures.js";

// The editing rules VS Code applies as you type, held to the compiler: the
// indentation it predicts is the one `relgen format` writes, a "word" is what
// the lexer reads as one, and Enter continues exactly the `///` lines.

interface LanguageConfiguration {
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  wordPattern: string;
  onEnterRules: { beforeText: string; action: { appendText?: string } }[];
}

const config = JSON.parse(readFileSync(new URL("../language-configuration.json", import.meta.url), "utf8")) as LanguageConfiguration;
const fixtures = relFixtures();

describe("indentation rules", () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  const formatted = fixtures.flatMap((f) => {
    const text = formatSource(f.text, f.file).text;
    return text === undefined ? [] : [{ ...f, text }];
  });

  it("are checked on most fixtures (those that format)", () => {
    expect(formatted.length).toBeGreaterThan(fixtures.length / 2);
  });

  it.each(formatted.map((f) => [f.name, f.text]))("predict the indentation `relgen format` writes: %s", (_name, text) => {
    // VS Code's model: a line matching `decrease` goes one level out, and the line after one matching `increase` one level in
    const unit = /^( +)\S/m.exec(text)?.[1] ?? "  ";
    let depth = 0;
    const wrong: string[] = [];
    text.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      if (decrease.test(line)) depth = Math.max(0, depth - 1);
      const indent = /^ */.exec(line)![0];
      if (indent !== unit.repeat(depth)) wrong.push(`line ${i + 1}: predicted ${depth} level(s), formatter wrote ${JSON.stringify(indent)}: ${line.trim()}`);
      if (increase.test(line)) depth++;
    });
    expect(wrong).toEqual([]);
  });
});

describe("the word pattern", () => {
  const word = new RegExp(`^(?:${config.wordPattern})$`);

  it("takes every identifier, hyphenated word and number the lexer reads as one token, whole", () => {
    const misses: string[] = [];
    let checked = 0;
    for (const f of fixtures) {
      for (const t of lex(f.text, new LineIndex(f.text), f.file).tokens) {
        if (!/^(Identifier|HyphenWord|NumberLiteral|Entity|Table|Enum|Import|True|False|Null|Asc|Desc)$/.test(t.tokenType.name)) continue;
        checked++;
        if (!word.test(t.image)) misses.push(`${f.name}: ${t.image}`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(misses).toEqual([]);
  });
});

describe("Enter on a doc comment", () => {
  const [docRule] = config.onEnterRules;
  const before = new RegExp(docRule!.beforeText);

  it("continues with `/// `", () => {
    expect(docRule!.action.appendText).toBe("/// ");
  });

  it("applies to exactly the lines where the lexer finds a `///` doc comment", () => {
    let docLines = 0;
    for (const f of fixtures) {
      const lines = new LineIndex(f.text);
      const docs = new Set(lex(f.text, lines, f.file).docs.map((d) => lines.lineOf(d.startOffset)));
      f.text.split(/\r\n|\n|\r/).forEach((line, i) => {
        // a doc comment is the only thing on its line in every fixture; a trailing one after code is not continued
        const expected = docs.has(i) && line.trimStart().startsWith("///");
        if (expected) docLines++;
        expect(before.test(line), `${f.name}:${i + 1}: ${line}`).toBe(expected);
      });
    }
    expect(docLines).toBeGreaterThan(10);
  });
});
