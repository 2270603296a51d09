import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileSource, parseSource } from "@relgen/dsl";
import type { Span } from "@relgen/dsl";
import { SPEC_EXAMPLE } from "./example.js";

const FILE = "p.rel";

/** Independent of the implementation's line index: count breaks (\r\n, \r, \n) before the offset. */
function expectedPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === "\r" && text[i + 1] === "\n") i++;
    if (c === "\r" || c === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function spanProblem(text: string, span: Span): string | undefined {
  if (span.file !== FILE) return `file ${span.file}`;
  if (!(Number.isInteger(span.start) && Number.isInteger(span.end))) return "non-integer offsets";
  if (!(span.start >= 0 && span.start <= span.end && span.end <= text.length)) return `out of range ${span.start}..${span.end}`;
  const { line, column } = expectedPosition(text, span.start);
  if (span.line !== line || span.column !== column) return `at ${span.line}:${span.column}, offset says ${line}:${column}`;
  return undefined;
}

/** Every span in the result (diagnostics, related spans and AST nodes) must be valid. */
function checkInput(text: string): boolean {
  const result = parseSource(text, FILE); // must not throw
  const problems: string[] = [];
  for (const d of result.diagnostics) {
    const p = spanProblem(text, d.span);
    if (p) problems.push(`${d.code} ${d.message}: ${p}`);
    if (!/^E01\d\d$/.test(d.code) || d.code === "E0199" || d.message.length === 0) {
      problems.push(`bad diagnostic ${d.code} ${d.message} ${d.help ?? ""}`);
    }
  }
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === "span" || key === "pathSpan") && value) {
        const p = spanProblem(text, value as Span);
        if (p) problems.push(`AST ${key}: ${p}`);
      } else walk(value);
    }
  };
  walk(result.ast);

  // The whole pipeline: an IR, or at least one diagnostic — and never an internal error.
  const compiled = compileSource(text, FILE);
  if (!compiled.ir && compiled.diagnostics.length === 0) problems.push("no IR and no diagnostic");
  for (const d of compiled.diagnostics) {
    if (d.code === "E0899" || d.code === "E0199") problems.push(`compile: ${d.code} ${d.message} ${d.help ?? ""}`);
  }
  expect(problems).toEqual([]);
  return true;
}

const VOCABULARY = [
  "entity", "table", "enum", "import", "true", "false", "null", "asc", "desc",
  "User", "id", "Int", "String", "name", "delete-orphan", "set-null", "-", "--", "a-",
  "@", "@@", "(", ")", "[", "]", "[]", "{", "}", ",", ":", ".", "?",
  '"x"', '"', '"\\"', '"a\\q"', "\\", "42", "-3", "2.5", "1.", ".5", "-",
  "//", "///", "/*", "*/", "/// doc", "// c\n", "\n", "\r\n", "\r", "\t", "$", "é", "😀", "\u0000",
];

const soup = fc
  .array(fc.tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom(" ", "", "\n", " \t")), { maxLength: 60 })
  .map((parts) => parts.map(([t, sep]) => t + sep).join(""));

// The example split into tokens (words, numbers, strings, punctuation, whitespace runs).
const EXAMPLE_TOKENS = SPEC_EXAMPLE.match(/"(?:[^"\\]|\\.)*"|[A-Za-z0-9_-]+|\s+|\/\/\/?[^\n]*|@@|./g)!;

type Edit =
  | { op: "delete" | "duplicate"; at: number }
  | { op: "insert"; at: number; text: string }
  | { op: "swap"; at: number; with: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constantFrom("delete" as const, "duplicate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 3 })) }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
);

function applyEdits(units: string[], edits: readonly Edit[]): string {
  const out = [...units];
  for (const e of edits) {
    if (out.length === 0) break;
    const i = e.at % out.length;
    if (e.op === "delete") out.splice(i, 1);
    else if (e.op === "duplicate") out.splice(i, 0, out[i]!);
    else if (e.op === "insert") out.splice(i, 0, e.text);
    else if (e.op === "swap") {
      const j = e.with % out.length;
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
  }
  return out.join("");
}

const tokenMutation = fc.array(edit, { minLength: 1, maxLength: 6 }).map((es) => applyEdits(EXAMPLE_TOKENS, es));
const charMutation = fc.array(edit, { minLength: 1, maxLength: 6 }).map((es) => applyEdits([...SPEC_EXAMPLE], es));

describe("parseSource (and compileSource) never throw; spans are valid; IR or a diagnostic", () => {
  test("random strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 })), checkInput),
      { numRuns: 1000, seed: 4242 },
    );
  });

  test("token soups from the language's own vocabulary", () => {
    fc.assert(fc.property(soup, checkInput), { numRuns: 1500, seed: 4243 });
  });

  test("mutations of the spec example (tokens and characters)", () => {
    fc.assert(fc.property(fc.oneof(tokenMutation, charMutation), checkInput), { numRuns: 1500, seed: 4244 });
  });

  test("the unmutated example is clean (the mutation baseline)", () => {
    expect(EXAMPLE_TOKENS.join("")).toBe(SPEC_EXAMPLE);
    expect(parseSource(SPEC_EXAMPLE, FILE).diagnostics).toEqual([]);
  });
});
