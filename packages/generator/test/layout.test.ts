import { describe, expect, it } from "vitest";
import { type Doc, group, hardline, ifBreak, indent, join, line, printDoc, softline } from "../src/render/layout.js";
import { huggedCall, objectDoc, printTs } from "../src/render/ts-layout.js";

const print = (doc: Doc, printWidth = 20) => printDoc(doc, { printWidth, tabWidth: 2 });
const list = (items: string[]): Doc => group(["[", indent([softline, join([",", line], items)]), ifBreak(","), softline, "]"]);

describe("layout printer", () => {
  it("prints a group flat when it fits, counting the text after it up to the next line break", () => {
    expect(print(list(["a", "b"]))).toBe("[a, b]");
    // "[aaaaa, bbbbb]" is 14 columns; the 7 columns after it push the line past 20.
    expect(print([list(["aaaaa", "bbbbb"]), " as c"])).toBe("[aaaaa, bbbbb] as c");
    expect(print([list(["aaaaa", "bbbbb"]), " as constant;"])).toBe("[\n  aaaaa,\n  bbbbb,\n] as constant;");
  });

  it("breaks an outer group before an inner one, and an inner one only if it still does not fit", () => {
    const doc = list(["x", printDoc(list(["yyyyyyyy", "zzzzzzzz"]), { printWidth: 80, tabWidth: 2 })]);
    expect(print(doc, 24)).toBe("[\n  x,\n  [yyyyyyyy, zzzzzzzz],\n]");
    const nested = list(["x", list(["yyyyyyyyyy", "zzzzzzzzzz"]) as unknown as string]);
    expect(print(nested, 24)).toBe("[\n  x,\n  [\n    yyyyyyyyyy,\n    zzzzzzzzzz,\n  ],\n]");
  });

  it("breaks every group around one that must break", () => {
    const forced = group(["{", indent([line, "a"]), line, "}"], { shouldBreak: true });
    expect(print(list(["x", forced as unknown as string]), 80)).toBe("[\n  x,\n  {\n    a\n  },\n]");
  });

  it("hugs a call's object argument", () => {
    const doc = [huggedCall("defineSchema", objectDoc(["a: 1", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: 2"])), ";"];
    expect(printTs(doc)).toBe(
      "defineSchema({\n  a: 1,\n  bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: 2,\n});",
    );
    expect(printTs([huggedCall("f", objectDoc(["a: 1"])), ";"])).toBe("f({ a: 1 });");
  });

  // A doc that is one line throughout is printed without the command stack; these are the edges of that shortcut.
  it("prints a doc on one line only when all of it fits: at the width yes, one column over no", () => {
    expect(print([list(["aaaaa", "bbbbb"]), " as co"])).toBe("[aaaaa, bbbbb] as co");
    expect(print([list(["aaaaa", "bbbbb"]), " as con"])).toBe("[\n  aaaaa,\n  bbbbb,\n] as con");
    // Wide characters count two columns: 20 columns fit, 22 do not.
    expect(print(list(["中中中中", "中中中中"]))).toBe("[中中中中, 中中中中]");
    expect(print(list(["中中中中", "中中中中中"]))).toBe("[\n  中中中中,\n  中中中中中,\n]");
  });

  it("breaks a line that stands outside every group, and takes the break branch of an ifBreak there, however short", () => {
    expect(print(["a", line, "b"])).toBe("a\nb");
    expect(print(["a", indent([softline, "b"])])).toBe("a\n  b");
    expect(print(["a", ifBreak(",", ";")])).toBe("a,");
    expect(print(group(["a", ifBreak(",", ";")]))).toBe("a;");
    // A hard line breaks the groups around it even from the branch a flat group would not print.
    expect(print(group(["a", ifBreak([",", hardline], ";"), "b"]))).toBe("a,\nb");
  });
});
