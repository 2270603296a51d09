// A watch session's parse cache reuses the AST of every declaration whose text
// did not change, moved to where it now stands. Whatever the edits, a compile
// with the cache must equal a fresh one: same AST, IR and diagnostics, spans
// included. The edits below move declarations down and up (lines and offsets
// above them change), change their column and their doc comments, add,
// remove and duplicate them, break the file and fix it again.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { compileFile, memoryHost, type CompileResult } from "../../src/index.js";
import { ParseCache } from "../../src/syntax/parse-cache.js";
import { parseSource } from "../../src/syntax/parse.js";
import { input, loadCorpus } from "../fuzz/fuzzer.js";
import { rng } from "../fuzz/rng.js";

const FILE = "schema.rel";
const corpus = loadCorpus();

/** Where each top-level declaration starts (a keyword at a line start). */
function declarationStarts(text: string): number[] {
  return [...text.matchAll(/^[ \t]*(?:entity|table|enum|import)\b/gm)].map((m) => m.index);
}

type Edit = (text: string, r: () => number) => string;

const at = (text: string, r: () => number): { start: number; end: number } | undefined => {
  const starts = declarationStarts(text);
  if (starts.length === 0) return undefined;
  const k = Math.floor(r() * starts.length);
  return { start: starts[k]!, end: starts[k + 1] ?? text.length };
};
const insertAt = (text: string, offset: number, what: string) => text.slice(0, offset) + what + text.slice(offset);

const EDITS: Record<string, Edit> = {
  "lines above a declaration": (t, r) => insertAt(t, at(t, r)?.start ?? 0, "// a note\n\n"),
  "text above it on its own line": (t, r) => insertAt(t, at(t, r)?.start ?? 0, "/* é 😀 */ "),
  "a doc comment added": (t, r) => insertAt(t, at(t, r)?.start ?? 0, "/// Documented now.\n"),
  "a doc comment changed": (t) => t.replace(/\/\/\/ ?([^\n]*)/, "/// Changed: $1"),
  "indented": (t, r) => insertAt(t, at(t, r)?.start ?? 0, "  "),
  "a field inside": (t, r) => {
    const d = at(t, r);
    const brace = d === undefined ? -1 : t.indexOf("{", d.start);
    return brace < 0 ? t : insertAt(t, brace + 1, "\n  added String?\n");
  },
  "a declaration removed": (t, r) => {
    const d = at(t, r);
    return d === undefined ? t : t.slice(0, d.start) + t.slice(d.end);
  },
  "a declaration duplicated at the end": (t, r) => {
    const d = at(t, r);
    return d === undefined ? t : `${t}\n${t.slice(d.start, d.end)}`;
  },
  "a declaration added at the top": (t) => `entity Fresh {\n  id Int @id\n}\n${t}`,
  // parses, with a warning made while building its AST: the cache keeps it with the node
  "an enum named by a keyword at the top": (t) => `enum table { A B }\n${t}`,
  "a syntax error": (t, r) => insertAt(t, Math.floor(r() * t.length), " } "),
  "CRLF line breaks": (t) => t.replace(/\r?\n/g, "\r\n"),
};

/** What a compile gives, the parse of each file too (its AST holds the spans the IR does not). */
function compiled(files: Record<string, string>, entry: string, parseCache?: ParseCache) {
  const host = memoryHost(files);
  const result: CompileResult = compileFile(entry, host, parseCache === undefined ? {} : { parseCache });
  return { ...result, sources: [...result.sources.keys()] };
}

function parsedAll(files: Record<string, string>, parseCache?: ParseCache) {
  return Object.entries(files).map(([file, text]) => parseSource(text, file, parseCache));
}

describe("the parse cache of a watch session", () => {
  test("gives a fresh compile's AST, IR and diagnostics after any series of edits of every fixture", () => {
    const names = Object.keys(EDITS);
    let reused = 0;
    corpus.forEach((original, f) => {
      const r = rng(20_261_207 + f);
      const cache = new ParseCache();
      let text = original;
      let before = new Set<unknown>();
      for (let step = 0; step < 14; step++) {
        // now and then back to the original text, or a fuzzer's mutation of some fixture
        const name = step % 5 === 4 ? "back to the original" : step % 7 === 6 ? "a fuzzer's input" : names[Math.floor(r() * names.length)]!;
        text = step % 5 === 4 ? original : step % 7 === 6 ? input(corpus, 20_261_207, f * 14 + step) : EDITS[name]!(text, r);
        const files = { [FILE]: text };
        const why = `fixture ${f}, step ${step} (${name}):\n${text.slice(0, 400)}`;
        const parsed = parsedAll(files, cache);
        expect(parsed, why).toEqual(parsedAll(files));
        expect(compiled(files, FILE, cache), why).toEqual(compiled(files, FILE));
        // the cache did its job: declarations that did not move are the very objects parsed before
        const nodes = parsed[0]!.ast.declarations;
        reused += nodes.filter((d) => before.has(d)).length;
        before = new Set(nodes);
      }
    });
    expect(reused).toBeGreaterThan(100);
  }, 120_000);

  test("keeps an imported file no edit touched, and follows the file that changed", () => {
    const root = fileURLToPath(new URL("../../../../fixtures/imports/", import.meta.url));
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory() && entry.name !== "expected") walk(join(dir, entry.name));
        else if (entry.name.endsWith(".rel")) files[relative(root, join(dir, entry.name))] = readFileSync(join(dir, entry.name), "utf8");
      }
    };
    walk(root);
    const cache = new ParseCache();
    const first = compiled(files, "schema.rel", cache);
    expect(first.diagnostics).toEqual([]);
    const users = parseSource(files["users.rel"]!, "users.rel", cache);
    files["schema.rel"] = `// moved down\n\n${files["schema.rel"]!.replace("/// A tag on posts.", "/// A tag.")}`;
    expect(compiled(files, "schema.rel", cache)).toEqual(compiled(files, "schema.rel"));
    // the same text, the same parse: not even a copy
    expect(parseSource(files["users.rel"]!, "users.rel", cache)).toBe(users);
  });
});
