import { describe, expect, test } from "vitest";
import { compileFile, compileSource } from "../../src/compile.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { memoryHost } from "../../src/source/loader.js";

/** `code line:column` of every error, in the order reported. */
const found = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.span.line}:${d.span.column}`);
const errors = (src: string) => found(compileSource(src).diagnostics);
const lines = (...l: string[]) => l.join("\n");

describe("independent errors are all reported, in source order", () => {
  test("the typo schema: unknown types, unknown attributes and Prisma's @autoincrement", () => {
    const src = lines(
      "entity Customer {",
      "  id     Int     @id @autoincrement",
      "  name   Strng",
      "  email  String  @uniqe",
      "  orders Ordr[]",
      "}",
      "entity Order {",
      "  id         Int      @id @autoincrement",
      "  customerId Int      @references(Customer.id)",
      "  customer   Customer @backref(orders)",
      "}",
    );
    const { diagnostics } = compileSource(src);
    expect(found(diagnostics)).toEqual(["E0501 2:23", "E0401 3:10", "E0501 4:19", "E0401 5:10", "E0501 8:28"]);
    expect(diagnostics.map((d) => d.help)).toEqual([
      expect.stringContaining("`@default(autoincrement())`"),
      "did you mean `String`?",
      "did you mean `@unique`?",
      "did you mean `Order`?",
      expect.stringContaining("`@default(autoincrement())`"),
    ]);
  });

  test("a type typo and an attribute typo in the same entity", () => {
    expect(errors(lines("entity A {", "  id Int @id", "  n  Strng", "  e  String @uniqe", "}"))).toEqual(["E0401 3:6", "E0501 4:14"]);
  });

  test("a bad default and a relation error in different entities", () => {
    const src = lines(
      "entity A {",
      "  id   Int @id",
      "  flag Boolean @default(\"yes\")",
      "}",
      "entity B {",
      "  id Int @id",
      "  as A[]",
      "}",
    );
    expect(errors(src)).toEqual(["E0505 3:25", "E0702 7:3"]);
  });

  test("E0407 (scalar list) and E0601 (no primary key) in one entity", () => {
    expect(errors(lines("entity Tag {", "  labels String[]", "  name   String", "}"))).toEqual(["E0601 1:8", "E0407 2:10"]);
  });

  test("E0405 (bad Decimal) and E0517 (reference of another type) in one entity", () => {
    const src = lines(
      "entity Cur { code String @id }",
      "entity Price {",
      "  id     Int @id",
      "  amount Decimal(2, 5)",
      "  curId  Int @references(Cur.code)",
      "}",
    );
    expect(errors(src)).toEqual(["E0405 4:10", "E0517 5:10"]);
  });

  test("errors in two entities found by different passes", () => {
    const src = lines("entity A {", "  id Int @id", "  x  Strng", "}", "entity B {", "  name String", "}");
    expect(errors(src)).toEqual(["E0401 3:6", "E0601 5:8"]);
  });

  test("an error in an imported file and one in the importing file", () => {
    const files = {
      "app.rel": lines("import \"lib.rel\"", "entity Post {", "  id     Int @id", "  userId Int @references(User.id)", "  title  Strng", "}"),
      "lib.rel": lines("entity User {", "  id    Int @id", "  email String @uniqe", "}"),
    };
    const { diagnostics } = compileFile("app.rel", memoryHost(files));
    expect(diagnostics.map((d) => `${d.span.file} ${d.code} ${d.span.line}`)).toEqual(["app.rel E0401 5", "lib.rel E0501 3"]);
  });

  test("errors from every pass come out sorted by position, not by pass", () => {
    const src = lines("entity A {", "  id Int @id @uniqe", "  n  Strng", "}");
    const got = compileSource(src).diagnostics;
    const starts = got.map((d) => d.span.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(got).toHaveLength(2);
  });
});

describe("consequences of one mistake are reported once", () => {
  test("a relation to an unknown type does not also lack its inverse", () => {
    const src = lines(
      "entity User { id Int @id", "  posts Post[] }",
      "entity Post { id Int @id", "  userId Int @references(User.id)", "  author Usr @inverse(posts) }",
    );
    expect(errors(src)).toEqual(["E0401 5:10"]);
  });

  test("a column of unknown type does not also report its default", () => {
    expect(errors(lines("entity A {", "  id Int @id", "  n  Strng @default(3)", "}"))).toEqual(["E0401 3:6"]);
  });

  test("a key column set aside does not make its entity keyless", () => {
    expect(errors(lines("entity A {", "  id Intt @id", "  n  String", "}"))).toEqual(["E0401 2:6"]);
    expect(errors(lines("entity A {", "  id Int @id(x)", "  n  String @uniqe", "}"))).toHaveLength(2);
  });

  test("a key of unknown type does not make the relations that follow it fail", () => {
    const src = lines(
      "entity User { id Int @id", "  posts Post[] @backref(author) }",
      "entity Post { id Int @id", "  userId Intt @references(User.id) }",
    );
    expect(errors(src)).toEqual(["E0401 4:10"]);
  });

  test("a key set aside takes the references to its entity along, but not the entity's other errors", () => {
    const src = lines(
      "entity E {", "  id Intt @id", "  n  String @uniqe", "}",
      "entity X {", "  id  Int @id", "  eId Int @references(E)", "  e   E", "}",
    );
    expect(errors(src)).toEqual(["E0401 2:6", "E0501 3:14"]);
  });

  test("Prisma's @relation is reported alone, not with the relations it was meant to wire", () => {
    const src = lines(
      "entity User { id Int @id", "  posts Post[] }",
      "entity Post { id Int @id", "  authorId Int", "  author User @relation(fields: [authorId], references: [id]) }",
    );
    const { diagnostics } = compileSource(src);
    expect(found(diagnostics)).toEqual(["E0501 5:16"]);
    expect(diagnostics[0]!.help).toContain("`authorId Int @references(User.id)`");
    expect(diagnostics[0]!.help).toContain("`author User`");
  });

  test("two lists of each other (Prisma's implicit many-to-many) are one error showing the table to write", () => {
    const src = lines(
      "entity Post { id Int @id", "  tags Tag[] }",
      "entity Tag { id String @id", "  posts Post[] }",
    );
    const { diagnostics } = compileSource(src);
    expect(found(diagnostics)).toEqual(["E0702 2:3"]);
    expect(diagnostics[0]!.help).toContain(
      "`table post_tag { postId Int @id @references(Post.id)  tagId String @id @references(Tag.id) }`");
    expect(diagnostics[0]!.help).toContain("`tags Tag[] @through(post_tag) @backref(posts)` on `Post`");
  });

  test("the table the help shows is valid relgen", () => {
    const src = lines(
      "entity Post { id Int @id", "  tags Tag[] @through(post_tag) @backref(posts) }",
      "entity Tag { id String @id }",
      "table post_tag {", "  postId Int @id @references(Post.id)", "  tagId String @id @references(Tag.id)", "}",
    );
    expect(errors(src)).toEqual([]);
  });
});

describe("a whole Prisma schema", () => {
  test("every habit is reported once, each with the relgen form, and nothing else", () => {
    const src = lines(
      "datasource db {", "  provider = \"postgresql\"", "  url      = env(\"DATABASE_URL\")", "}",
      "generator client {", "  provider = \"prisma-client-js\"", "}",
      "model User {",
      "  id        Int      @id @default(autoincrement())",
      "  posts     Post[]",
      "  updatedAt DateTime @updatedAt",
      "}",
      "model Post {",
      "  id       Int  @id @default(autoincrement())",
      "  authorId Int",
      "  author   User @relation(fields: [authorId], references: [id])",
      "  tags     Tag[]",
      "}",
      "model Tag {",
      "  id    Int    @id @default(autoincrement())",
      "  name  String @map(\"tag_name\")",
      "  posts Post[]",
      "}",
    );
    const { diagnostics } = compileSource(src);
    expect(found(diagnostics)).toEqual([
      "E0117 1:1", "E0117 5:1", "E0116 8:1", "E0501 11:23", "E0116 13:1", "E0501 16:18", "E0702 17:3", "E0116 19:1", "E0501 21:17",
    ]);
    expect(diagnostics.find((d) => d.span.line === 21)!.help).toBe("relgen names the column with `@column(\"tag_name\")`");
  });
});

describe("more pairs of independent errors", () => {
  test("a duplicate enum member, a type typo, a bad default, a duplicate field and a keyless entity", () => {
    const src = lines(
      "enum Role { Admin Admin }",
      "entity A {",
      "  id   Int @id",
      "  role Role @default(Admin)",
      "  x    Strng",
      "  @@index([x])",
      "  y    Int @default(\"no\")",
      "  y    Int",
      "}",
      "entity B {",
      "  id  Int @id",
      "  aId Int @references(A.id)",
      "  a   A @backref(bs)",
      "  c   C",
      "}",
      "entity C { name String }",
    );
    // `A.role` (typed by the broken enum), `@@index([x])` and `B.c` (to keyless C) are consequences: not reported
    expect(errors(src)).toEqual(["E0303 1:19", "E0401 5:8", "E0505 7:21", "E0302 8:3", "E0601 16:8"]);
  });
});
