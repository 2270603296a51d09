import { describe, expect, test } from "vitest";
import { renderDiagnostics, renderDiagnosticsJson } from "@relgen/dsl";
import type { Diagnostic } from "@relgen/dsl";

const FILE = "fixtures/x/schema.rel";
const source = [...Array.from({ length: 11 }, (_, i) => `// line ${i + 1}`), "  name  Strng", "\tid\tInt @idd", "last"].join("\n");
const sources = new Map([[FILE, source]]);
const at = (line: number, column: number, length: number) => {
  const lines = source.split("\n");
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return { file: FILE, start, end: start + length, line, column };
};

const unknownType: Diagnostic = {
  code: "E0401",
  severity: "error",
  message: "unknown type `Strng`",
  span: at(12, 9, 5),
  help: "did you mean `String`?",
};

describe("renderDiagnostics", () => {
  test("the compiler-style block with gutter, carets, help and summary", () => {
    expect(renderDiagnostics([unknownType], sources)).toBe(
      [
        "fixtures/x/schema.rel:12:9 error[E0401]: unknown type `Strng`",
        "   |",
        "12 |   name  Strng",
        "   |         ^^^^^",
        "   = help: did you mean `String`?",
        "",
        "1 error",
        "",
      ].join("\n"),
    );
  });

  test("warnings, related notes, tabs kept under carets, summary counts", () => {
    const warn: Diagnostic = {
      code: "W0702",
      severity: "warning",
      message: "odd attribute",
      span: at(13, 9, 4),
      related: [{ message: "type declared here", span: at(12, 3, 4) }],
    };
    const zeroWidth: Diagnostic = { code: "E0110", severity: "error", message: "expected x", span: at(14, 5, 0) };
    const text = renderDiagnostics([unknownType, warn, zeroWidth], sources);
    const blocks = text.split("\n\n");
    expect(blocks).toHaveLength(4);
    expect(blocks[1]).toBe(
      [
        "fixtures/x/schema.rel:13:9 warning[W0702]: odd attribute",
        "   |",
        "13 | \tid\tInt @idd",
        "   | \t  \t    ^^^^",
        "fixtures/x/schema.rel:12:3 note: type declared here",
        "   |",
        "12 |   name  Strng",
        "   |   ^^^^",
      ].join("\n"),
    );
    expect(blocks[2]).toContain("   |     ^");
    expect(blocks[3]).toBe("2 errors, 1 warning\n");
    expect(text).not.toContain("\x1b[");
  });

  test("color only when asked", () => {
    const text = renderDiagnostics([unknownType], sources, { color: true });
    expect(text).toContain("\x1b[31m");
    expect(text).toContain("\x1b[36m");
    expect(text.replace(/\x1b\[\d+m/g, "")).toBe(renderDiagnostics([unknownType], sources));
  });

  test("unknown source: header and help only; absolute paths shown relative to cwd", () => {
    const d: Diagnostic = { ...unknownType, span: { ...unknownType.span, file: "/work/p/a.rel" } };
    expect(renderDiagnostics([d], new Map(), { cwd: "/work" })).toBe(
      "p/a.rel:12:9 error[E0401]: unknown type `Strng`\n   = help: did you mean `String`?\n\n1 error\n",
    );
    expect(renderDiagnostics([], sources)).toBe("");
  });
});

describe("renderDiagnostics on awkward input", () => {
  test("a very long line is cut to a window around the span, carets still under it", () => {
    const line = `${"x".repeat(500)} Strng ${"y".repeat(500)}`;
    const start = 501;
    const d: Diagnostic = { ...unknownType, span: { file: "long.rel", start, end: start + 5, line: 1, column: start + 1 } };
    const out = renderDiagnostics([d], new Map([["long.rel", line]])).split("\n");
    const shown = out[2]!;
    const carets = out[3]!;
    expect(shown.length).toBeLessThan(120);
    expect(shown).toContain("…");
    const col = carets.indexOf("^");
    expect(shown.slice(col, col + 5)).toBe("Strng");
    expect(carets.trimEnd().endsWith("^^^^^")).toBe(true);
  });

  test("the working directory itself prints as `.`, never as an empty path", () => {
    const d: Diagnostic = { ...unknownType, span: { file: "/tmp/proj", start: 0, end: 0, line: 1, column: 1 } };
    expect(renderDiagnostics([d], new Map(), { cwd: "/tmp/proj" })).toMatch(/^\.:1:1 error\[E0401\]/);
  });
});

describe("renderDiagnosticsJson", () => {
  test("stable fields, end positions from the sources", () => {
    const multi: Diagnostic = { code: "E0602", severity: "error", message: "m", span: { ...at(12, 3, 0), end: at(13, 3, 0).start } };
    const rows = JSON.parse(renderDiagnosticsJson([unknownType, multi], sources));
    expect(rows).toEqual([
      {
        code: "E0401",
        severity: "error",
        message: "unknown type `Strng`",
        file: FILE,
        line: 12,
        column: 9,
        endLine: 12,
        endColumn: 14,
        help: "did you mean `String`?",
        related: [],
      },
      { code: "E0602", severity: "error", message: "m", file: FILE, line: 12, column: 3, endLine: 13, endColumn: 3, help: null, related: [] },
    ]);
    expect(renderDiagnosticsJson([unknownType], sources)).toMatch(/^\[\n  \{\n    "code": "E0401",/);
  });
});
