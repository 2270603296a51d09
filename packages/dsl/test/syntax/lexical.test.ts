import { describe, expect, test } from "vitest";
import { parseSource } from "@relgen/dsl";
import type { Attribute, EntityDecl, Value } from "@relgen/dsl";

function parseOk(text: string) {
  const r = parseSource(text, "t.rel");
  expect(r.diagnostics).toEqual([]);
  return r.ast;
}

/** The values of `@x(...)` on field `f` of the only entity. */
function argsOf(argText: string): Value[] {
  const ast = parseOk(`entity E { f Int @x(${argText}) }`);
  const attr = (ast.declarations[0] as EntityDecl).fields[0]!.attributes[0] as Attribute;
  return attr.args.map((a) => a.value);
}

describe("literals and values", () => {
  test("strings with escapes", () => {
    expect(argsOf(String.raw`"plain", "say \"hi\"", "back\\slash", ""`)).toMatchObject([
      { kind: "String", value: "plain" },
      { kind: "String", value: 'say "hi"' },
      { kind: "String", value: "back\\slash" },
      { kind: "String", value: "" },
    ]);
  });

  test("integers and decimals, negative too, keep their raw text", () => {
    expect(argsOf("0, 42, -3, 2.5, -0.25, 2.50")).toMatchObject([
      { kind: "Number", value: 0, raw: "0" },
      { kind: "Number", value: 42, raw: "42" },
      { kind: "Number", value: -3, raw: "-3" },
      { kind: "Number", value: 2.5, raw: "2.5" },
      { kind: "Number", value: -0.25, raw: "-0.25" },
      { kind: "Number", value: 2.5, raw: "2.50" },
    ]);
  });

  test("true, false, null", () => {
    expect(argsOf("true, false, null")).toMatchObject([
      { kind: "Boolean", value: true },
      { kind: "Boolean", value: false },
      { kind: "Null" },
    ]);
  });

  test("words, hyphenated words and directions", () => {
    expect(argsOf("all, delete-orphan, set-null, save-update, createdAt desc, name asc, refresh-expire desc")).toMatchObject([
      { kind: "Word", name: "all" },
      { kind: "Word", name: "delete-orphan" },
      { kind: "Word", name: "set-null" },
      { kind: "Word", name: "save-update" },
      { kind: "Word", name: "createdAt", direction: "desc" },
      { kind: "Word", name: "name", direction: "asc" },
      { kind: "Word", name: "refresh-expire", direction: "desc" },
    ]);
    const [plain] = argsOf("cascade");
    expect(plain).not.toHaveProperty("direction");
  });

  test("asc / desc / keywords as plain words", () => {
    expect(argsOf("asc, desc, table, entity")).toMatchObject([
      { kind: "Word", name: "asc" },
      { kind: "Word", name: "desc" },
      { kind: "Word", name: "table" },
      { kind: "Word", name: "entity" },
    ]);
  });

  test("paths, calls, lists and named arguments", () => {
    const ast = parseOk(`entity E { f Int @x(User.id, now(), [a, b], [], [1, [2]], lazy: dynamic, cascade: [all, delete-orphan]) }`);
    const args = (ast.declarations[0] as EntityDecl).fields[0]!.attributes[0]!.args;
    expect(args.map((a) => a.name?.name)).toEqual([undefined, undefined, undefined, undefined, undefined, "lazy", "cascade"]);
    expect(args.map((a) => a.value)).toMatchObject([
      { kind: "Path", head: { name: "User" }, tail: { name: "id" } },
      { kind: "Call", name: { name: "now" } },
      { kind: "List", items: [{ kind: "Word", name: "a" }, { kind: "Word", name: "b" }] },
      { kind: "List", items: [] },
      { kind: "List", items: [{ kind: "Number", value: 1 }, { kind: "List", items: [{ kind: "Number", value: 2 }] }] },
      { kind: "Word", name: "dynamic" },
      { kind: "List", items: [{ kind: "Word", name: "all" }, { kind: "Word", name: "delete-orphan" }] },
    ]);
    expect(args[5]!.span.start).toBe(args[5]!.name!.span.start);
  });

  test("type arguments, list and optional markers", () => {
    const ast = parseOk(`entity E { a Decimal(10, 2) \n b String(80)? \n c Tag[] \n d Int[]? \n e Int [ ] }`);
    const types = (ast.declarations[0] as EntityDecl).fields.map((f) => f.type);
    expect(types[0]!.args.map((a) => a.kind === "Number" && a.value)).toEqual([10, 2]);
    expect(types.map((t) => [t.list, t.optional])).toEqual([
      [false, false],
      [false, true],
      [true, false],
      [true, true],
      [true, false],
    ]);
  });

  test("keywords are allowed as field names and types where identifiers go", () => {
    const ast = parseOk(`entity E { table Int \n entity String \n enum Int \n import Int \n asc Int \n true Boolean }`);
    expect((ast.declarations[0] as EntityDecl).fields.map((f) => f.name.name)).toEqual([
      "table", "entity", "enum", "import", "asc", "true",
    ]);
  });

  test("identifiers that start with a keyword are identifiers", () => {
    const ast = parseOk(`entity entityLog { tables Int } enum enums { important nullable }`);
    expect(ast.declarations.map((d) => d.name.name)).toEqual(["entityLog", "enums"]);
  });

  test("imports keep the unescaped path and point at the string", () => {
    const text = `import "common.rel"\nimport "../shared/x.rel"`;
    const ast = parseOk(text);
    expect(ast.imports.map((i) => i.path)).toEqual(["common.rel", "../shared/x.rel"]);
    expect(ast.imports[1]!.span).toMatchObject({ line: 2, column: 1 });
    expect(text.slice(ast.imports[1]!.pathSpan!.start, ast.imports[1]!.pathSpan!.end)).toBe('"../shared/x.rel"');
  });
});

describe("comments", () => {
  test("line and block comments are skipped anywhere", () => {
    const ast = parseOk(`// header
entity /* inline */ E { // trailing
  /* multi
     line */ id Int @id // after
  name /* between */ String
}
/* end */`);
    const e = ast.declarations[0] as EntityDecl;
    expect(e.fields.map((f) => f.name.name)).toEqual(["id", "name"]);
    expect(e.fields[0]!.span).toMatchObject({ line: 4, column: 14 });
    expect(e.fields.every((f) => f.doc === undefined)).toBe(true);
  });

  test("doc comments attach to the next declaration or field, several lines joined", () => {
    const ast = parseOk(`/// The enum.
enum Color { Red }

///   Indented text keeps all but one space.
/// Second line.
entity E {
  /// The key.
  id Int @id
  // plain comment, not a doc
  name String
  /// Doc on a block attribute goes nowhere.
  @@index([name])
}
//// four slashes is a plain comment
entity F { id Int @id }`);
    const [color, e, f] = ast.declarations as [EntityDecl, EntityDecl, EntityDecl];
    expect(color.doc).toBe("The enum.");
    expect(e.doc).toBe("  Indented text keeps all but one space.\nSecond line.");
    expect(e.fields[0]!.doc).toBe("The key.");
    expect(e.fields[1]!.doc).toBeUndefined();
    expect(f.doc).toBeUndefined();
  });
});

describe("lexical errors are located diagnostics", () => {
  test("unterminated string", () => {
    const r = parseSource(`entity E {\n  a String @default("oops)\n}`, "t.rel");
    expect(r.diagnostics[0]).toMatchObject({ code: "E0101", span: { line: 2, column: 21 } });
  });

  test("unterminated block comment points at its opening", () => {
    const r = parseSource(`entity E { a Int }\n  /* never closed\nentity F {}`, "t.rel");
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "E0102", span: { line: 2, column: 3, end: 23 } });
    expect(r.ast.declarations.map((d) => d.name.name)).toEqual(["E"]);
  });

  test("unexpected characters, grouped per run", () => {
    const r = parseSource(`entity E {\n  a Int $$ @id\n  b Int; \n}`, "t.rel");
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.span.column, d.message])).toEqual([
      ["E0103", 2, 9, "unexpected characters `$$`"],
      ["E0103", 3, 8, "unexpected character `;`"],
    ]);
    expect(r.diagnostics[1]!.help).toMatch(/semicolons/);
    expect((r.ast.declarations[0] as EntityDecl).fields.map((f) => f.attributes.length)).toEqual([1, 0]);
  });

  test("unknown escape", () => {
    const r = parseSource(String.raw`entity E { a String @default("a\tb") }`, "t.rel");
    expect(r.diagnostics).toMatchObject([{ code: "E0104", message: "unknown escape `\\t` in string", span: { column: 32 } }]);
  });

  test("a keyword as a declaration name", () => {
    const r = parseSource(`entity table { id Int @id }\nenum import { A }`, "t.rel");
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.span.column])).toEqual([
      ["E0105", 1, 8],
      ["E0105", 2, 6],
    ]);
  });
});
