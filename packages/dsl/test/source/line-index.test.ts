import { expect, test } from "vitest";
import { LineIndex } from "../../src/source/line-index.js";

test("line/column for \\n, \\r\\n and lone \\r, clamped spans", () => {
  const text = "ab\ncd\r\nef\rgh";
  const index = new LineIndex(text);
  expect(index.lineCount).toBe(4);
  expect([0, 2, 3, 7, 10, 12].map((o) => index.position(o))).toEqual([
    { line: 1, column: 1 },
    { line: 1, column: 3 },
    { line: 2, column: 1 },
    { line: 3, column: 1 },
    { line: 4, column: 1 },
    { line: 4, column: 3 },
  ]);
  expect(index.lineText(2)).toBe("cd");
  expect(index.lineText(3)).toBe("ef");
  expect(index.span("f", 5, 99)).toEqual({ file: "f", start: 5, end: 12, line: 2, column: 3 });
  expect(index.span("f", -3, -1)).toEqual({ file: "f", start: 0, end: 0, line: 1, column: 1 });
});
