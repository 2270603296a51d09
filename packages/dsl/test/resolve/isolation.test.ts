import { describe, expect, test } from "vitest";
import { compile } from "./helpers.js";

const codes = (src: string) =>
  compile(src).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`);

describe("every problem at once, without knock-on errors", () => {
  test("errors found by different passes in unrelated parts are reported in one run", () => {
    const src = [
      "entity User { id Int @id",      // 1
      "  name Strng }",                 // 2: types pass
      "entity Group { id Int @id",      // 3
      "  members Member[] }",           // 4: relations pass (no FK on Member)
      "entity Member { id Int @id }",   // 5
      "entity Tag { label String }",    // 6: keys pass (no primary key)
    ].join("\n");
    expect(codes(src)).toEqual(["E0401 2:8", "E0702 4:3", "E0601 6:8"]);
  });

  test("a relation that depends on a broken field is not reported as well", () => {
    // userId's type is wrong; reporting `author` as having no foreign key would be false
    const src = "entity User { id Int @id }\nentity Post { id Int @id\n  userId Strng @references(User)\n  author User }";
    expect(codes(src)).toEqual(["E0401 3:10"]);
  });

  test("declarations linked through @through or @references sit out with the failing one", () => {
    const src = [
      "entity User { id Int @id\n  groups Group[] @through(ug) }",
      "entity Group { id Int @id\n  title Strng }",
      "table ug { u Int @id @references(User)\n  g Int @id @references(Group) }",
    ].join("\n");
    expect(codes(src)).toEqual(["E0401 4:9"]);
  });

  test("a valid schema is unaffected and still yields its IR", () => {
    const result = compile("entity A { id Int @id }\nentity B { id Int @id\n  aId Int @references(A)\n  a A }");
    expect(result.ir).toBeDefined();
    expect(result.diagnostics).toEqual([]);
  });
});
