import { describe, expect, test } from "vitest";
import { parseSource } from "@relgen/dsl";
import type { EntityDecl } from "@relgen/dsl";

const located = (text: string) =>
  parseSource(text, "t.rel").diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`);

describe("error recovery: every error in one run, and the AST of the good parts", () => {
  test("three independent errors give three located diagnostics", () => {
    const text = `entity User {
  id    Int @id
  name  @unique
  email String
}

entity Post {
  id     Int @id
  title  String(200
  body   Text
}

entity Group {
  id   Int @id
  tags Tag[] @through(,)
  name String
}

enum Status { Open Closed }
`;
    const { ast, diagnostics } = parseSource(text, "t.rel");
    expect(diagnostics.map((d) => [d.span.line, d.span.column, d.code])).toEqual([
      [3, 9, "E0110"],
      [10, 3, "E0110"],
      [15, 23, "E0110"],
    ]);
    expect(diagnostics[0]!.message).toBe('expected a type after field "name", found "@"');
    expect(diagnostics[0]!.help).toBe("write the type after the field name, e.g. `name Int`");
    expect(diagnostics[1]!.message).toBe('expected ")" to close the type\'s arguments, found "body"');
    expect(diagnostics[2]!.message).toBe('expected ")" to close the attribute\'s arguments, found ","');

    expect(ast.declarations.map((d) => d.name.name)).toEqual(["User", "Post", "Group", "Status"]);
    const fields = (name: string) =>
      (ast.declarations.find((d) => d.name.name === name) as EntityDecl).fields.map((f) => f.name.name);
    expect(fields("User")).toEqual(["id", "email"]);
    expect(fields("Post")).toEqual(["id", "title", "body"]);
    expect(fields("Group")).toEqual(["id", "tags", "name"]);
  });

  test("a missing closing brace names the entity and the token found", () => {
    const { ast, diagnostics } = parseSource(`entity User {\n  id Int @id\n\nentity Post {\n  id Int @id\n}\n`, "t.rel");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: "E0110",
      message: 'expected "}" to close entity "User", found "entity"',
      span: { line: 4, column: 1 },
    });
    expect(ast.declarations.map((d) => d.name.name)).toEqual(["User", "Post"]);
    expect((ast.declarations[0] as EntityDecl).fields).toHaveLength(1);
  });

  test("missing brace at end of file points just after the last token", () => {
    const text = `enum Color { Red Green\n\n   `;
    const { diagnostics } = parseSource(text, "t.rel");
    expect(diagnostics).toMatchObject([
      { code: "E0110", message: 'expected "}" to close enum "Color", found end of file', span: { line: 1, column: 23, start: 22, end: 22 } },
    ]);
  });

  test("stray input between declarations is skipped and reported once", () => {
    expect(located(`entity A { id Int @id } } garbage words\nentity B { id Int @id }`)).toEqual([
      '1:25 E0112 expected a declaration (entity, table, enum or import), found "}"',
    ]);
    const { ast } = parseSource(`entity A { id Int @id } } garbage words\nentity B { id Int @id }`, "t.rel");
    expect(ast.declarations.map((d) => d.name.name)).toEqual(["A", "B"]);
  });

  test("commas in an enum get a help line", () => {
    const { ast, diagnostics } = parseSource(`enum S { A, B, C }`, "t.rel");
    expect(diagnostics[0]).toMatchObject({ code: "E0111", span: { column: 11 } });
    expect(diagnostics[0]!.help).toMatch(/not commas/);
    expect(ast.declarations[0]).toMatchObject({ kind: "Enum", members: [{ name: "A" }, { name: "B" }, { name: "C" }] });
  });

  test("incomplete values are dropped, not invented", () => {
    const { ast, diagnostics } = parseSource(`entity A { x Int @default(User.) @y(a:) @z(1) }`, "t.rel");
    expect(diagnostics.map((d) => d.code)).toEqual(["E0110", "E0111"]);
    const attrs = (ast.declarations[0] as EntityDecl).fields[0]!.attributes;
    expect(attrs.map((a) => [a.name.name, a.args.length])).toEqual([
      ["default", 0],
      ["y", 0],
      ["z", 1],
    ]);
  });

  test("a block attribute needs parentheses", () => {
    expect(located(`entity A { id Int @id\n @@table "a" }`)[0]).toBe(
      '2:10 E0110 expected "(" after block attribute "@@table", found ""a""',
    );
  });

  test("an import without a path", () => {
    const { ast, diagnostics } = parseSource(`import\nentity A { id Int @id }`, "t.rel");
    expect(diagnostics[0]).toMatchObject({ code: "E0110", span: { line: 2, column: 1 }, help: 'write `import "other.rel"`' });
    expect(ast.imports).toEqual([]);
    expect(ast.declarations.map((d) => d.name.name)).toEqual(["A"]);
  });

  test("a field without a type is reported at that field, not one line later", () => {
    const { diagnostics } = parseSource(`entity User {\n  id Int @id\n  name\n  email String @unique\n}`, "t.rel");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "E0113", message: 'field "name" has no type', span: { line: 3, column: 3 } });
    expect(diagnostics[0]!.help).toContain("`name String`");
  });

  test("a type on the next line is still a type", () => {
    const { diagnostics, ast } = parseSource(`entity User {\n  id\n    Int @id\n}`, "t.rel");
    expect(diagnostics).toEqual([]);
    expect((ast.declarations[0] as EntityDecl).fields[0]!.type.name.name).toBe("Int");
  });

  test("an unterminated string is one error, not also the `)` it swallowed", () => {
    const { diagnostics } = parseSource(`entity A {\n  id Int @id\n  t Text @default("oops)\n}`, "t.rel");
    expect(diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.code}`)).toEqual(["3:19 E0101"]);
  });

  test("an empty or comment-only file is fine", () => {
    expect(parseSource("", "t.rel").diagnostics).toEqual([]);
    expect(parseSource("// nothing\n/// doc for nothing\n", "t.rel").diagnostics).toEqual([]);
  });
});
