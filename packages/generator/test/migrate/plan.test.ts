import { describe, expect, it } from "vitest";
import { parseSnapshot, planMigration, renderSnapshot, snapshotOf } from "../../src/migrate/index.js";
import { isWidening } from "../../src/migrate/losses.js";
import { BASE, CASES } from "./cases.js";
import { compile, withRenames } from "./support.js";

const previous = snapshotOf(compile(BASE));
const plan = (source: string, options: { allowDataLoss?: boolean } = {}) => planMigration(previous, compile(source), options);
const edit = (...pairs: [string, string][]) =>
  pairs.reduce((s, [from, to]) => {
    if (!s.includes(from)) throw new Error(`test edit: "${from}" not in the schema`);
    return s.replace(from, to);
  }, BASE);

describe("planMigration: no changes", () => {
  it("the same schema plans nothing", () => {
    const p = plan(BASE);
    expect(p).toMatchObject({ changes: [], summary: [], losses: [], diagnostics: [] });
    expect(p.next).toEqual(previous);
  });

  it("docs, comments and relation options never make a migration", () => {
    const p = plan(edit(["entity User {", "/// People.\nentity User {"], ["@backref(author)", "@backref(author, lazy: joined)"]));
    expect(p.changes).toEqual([]);
  });
});

describe("planMigration: each change", () => {
  it.each([
    ["a column added", edit(["age   Int?", "age   Int?\n  bio   Text?"]), ["add column users.bio (Text?)"]],
    ["a column made NOT NULL with a default", edit(["age   Int?", "age   Int @default(18)"]), ["change column users.age: NOT NULL, no default -> default 18"]],
    ["a column made nullable", edit(["name  String(100)", "name  String(100)?"]), ["change column users.name: nullable"]],
    ["a default changed", edit(["@default(draft)", "@default(published)"]), ["change column posts.status: default draft -> default published"]],
    ["a type widened", edit(["name  String(100)", "name  String(150)"]), ["change column users.name: String(100) -> String(150)"]],
    ["an enum member added", edit(["archived }", "archived hidden }"]), ["change enum Status: add hidden"]],
    ["an index added", edit(["age   Int?", "age   Int? @index"]), ["add index users_age_idx on users (age)"]],
    ["a unique constraint dropped", edit(["email String(120) @unique", "email String(120)"]), ["drop unique users_email_key on users (email)"]],
    [
      "an ON DELETE action changed",
      edit(["@onDelete(cascade)", "@onDelete(restrict)"]),
      [
        "drop foreign key posts_authorId_fkey (authorId) -> users (id) ON DELETE cascade",
        "add foreign key posts_authorId_fkey (authorId) -> users (id) ON DELETE restrict",
      ],
    ],
    [
      "an entity and an enum added",
      `${BASE}\nenum Kind { a b }\nentity Tag {\n  @@table("tags")\n  id Int @id\n  kind Kind\n}\n`,
      ["add enum Kind (a, b)", "add table tags"],
    ],
  ])("%s", (_what, source, summary) => {
    const p = plan(source);
    expect(p.summary).toEqual(summary);
    expect(p.diagnostics).toEqual([]);
    expect(p.losses).toEqual([]);
  });

  it("a composite primary key that changes is dropped and added again under its name", () => {
    const before = snapshotOf(compile(`table pair {\n  a Int @id\n  b Int @id\n  c Int\n}\n`));
    const p = planMigration(before, compile(`table pair {\n  a Int @id\n  b Int\n  c Int @id\n}\n`));
    expect(p.summary).toEqual(["drop primary key pair_pkey on pair (a, b)", "add primary key pair_pkey on pair (a, c)"]);
  });
});

describe("planMigration: renames", () => {
  const renamed = edit(
    ["entity User {\n  @@table(\"users\")", "entity Member {\n  @@table(\"members\")"],
    ["name  String(100)", "fullName String(100)"],
    ["@references(User.id)", "@references(Member.id)"],
  );

  it("@@renamedFrom (by entity name) and @renamedFrom (by field name) rename, keeping constraint names in step", () => {
    const p = planMigration(previous, withRenames(compile(renamed), { tables: { members: "User" }, columns: { members: { fullName: "name" } } }));
    expect(p.diagnostics).toEqual([]);
    expect(p.losses).toEqual([]);
    expect(p.summary).toEqual([
      "rename table users -> members",
      "rename column members.name -> fullName",
      "rename primary key members.users_pkey -> members_pkey",
      "rename unique members.users_email_key -> members_email_key",
    ]);
  });

  it("@@renamedFrom may name the old table, and @renamedFrom the old column name", () => {
    const p = planMigration(previous, withRenames(compile(renamed), { tables: { members: "users" }, columns: { members: { fullName: "name" } } }));
    expect(p.summary.slice(0, 2)).toEqual(["rename table users -> members", "rename column members.name -> fullName"]);
  });

  it("a rename the snapshot already has is silently fine", () => {
    const p = planMigration(previous, withRenames(compile(BASE), { tables: { users: "Person" }, columns: { users: { name: "title" } } }));
    expect(p).toMatchObject({ changes: [], diagnostics: [] });
  });

  it("E0902: @renamedFrom naming a field the snapshot never had, located at the field", () => {
    const ir = withRenames(compile(edit(["name  String(100)", "fullName String(100)"])), { columns: { users: { fullName: "nmae" } } });
    const p = planMigration(previous, ir);
    const field = ir.tables.find((t) => t.name === "users")!.columns.find((c) => c.name === "fullName")!;
    expect(p.diagnostics.map((d) => [d.code, d.severity, d.span])).toEqual([["E0902", "error", field.span]]);
    expect(p.diagnostics[0]!.message).toContain('@renamedFrom("nmae")');
    expect(p.diagnostics[0]!.message).toContain("`name`");
  });

  it("E0902: @@renamedFrom naming no entity or table", () => {
    const ir = withRenames(compile(renamed), { tables: { members: "Usr" }, columns: { members: { fullName: "name" } } });
    const p = planMigration(previous, ir);
    expect(p.diagnostics.map((d) => d.code)).toContain("E0902");
    expect(p.diagnostics.find((d) => d.code === "E0902")!.span).toEqual(ir.tables.find((t) => t.name === "members")!.span);
  });
});

describe("planMigration: suspected renames (E0901)", () => {
  it("a column dropped and a compatible one added is refused, at the new field, suggesting @renamedFrom", () => {
    const ir = compile(edit(["name  String(100)", "fullName String(100)"]));
    const p = planMigration(previous, ir);
    const field = ir.tables.find((t) => t.name === "users")!.columns.find((c) => c.name === "fullName")!;
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]).toMatchObject({ code: "E0901", severity: "error", span: field.span });
    expect(p.diagnostics[0]!.message).toContain("users.name");
    expect(p.diagnostics[0]!.message).toContain("users.fullName");
    expect(p.diagnostics[0]!.help).toBe(
      'add @renamedFrom("name") to rename it and keep its data, or run with --allow-data-loss to drop the old one and add the new one',
    );
  });

  it("with --allow-data-loss it is a drop and an add, and the drop is a listed loss", () => {
    const p = plan(edit(["name  String(100)", "fullName String(100)"]), { allowDataLoss: true });
    expect(p.diagnostics).toEqual([]);
    expect(p.summary).toEqual(["drop column users.name", "add column users.fullName (String(100))"]);
    expect(p.losses).toEqual([
      { table: "users", column: "name", reason: "the column is dropped with its data" },
      {
        table: "users",
        column: "fullName",
        reason: "a NOT NULL column without a default cannot be filled on existing rows; give it a @default (or make it optional)",
      },
    ]);
  });

  it("an incompatible column (another kind) is not a suspect", () => {
    const p = plan(edit(["age   Int?", "born  DateTime?"]));
    expect(p.diagnostics).toEqual([]);
  });

  it("an entity renamed without @@renamedFrom is refused at the entity", () => {
    const ir = compile(
      edit(["entity User {\n  @@table(\"users\")", "entity Member {\n  @@table(\"members\")"], ["@references(User.id)", "@references(Member.id)"]),
    );
    const p = planMigration(previous, ir);
    expect(p.diagnostics.map((d) => [d.code, d.span])).toEqual([["E0901", ir.tables.find((t) => t.name === "members")!.span]]);
    expect(p.diagnostics[0]!.help).toContain('@@renamedFrom("User")');
  });
});

describe("planMigration: data loss", () => {
  it.each([
    ["a dropped table", BASE.replace(/entity Post \{[\s\S]*$/, "").replace("  posts Post[]      @backref(author)\n", ""), { table: "posts", reason: "the table is dropped with its rows" }],
    ["a dropped column", edit(["  age   Int?\n", ""]), { table: "users", column: "age", reason: "the column is dropped with its data" }],
    ["a shorter string", edit(["name  String(100)", "name  String(50)"]), { table: "users", column: "name", reason: "String(100) -> String(50) may truncate, round or fail on existing values" }],
    ["NOT NULL without a default", edit(["age   Int?", "age   Int"]), { table: "users", column: "age", reason: "NOT NULL without a default fails on existing NULLs; give it a @default" }],
    ["a removed enum member", edit(["draft published archived }", "draft published }"]), { table: "posts", column: "status", reason: "enum member archived removed (rows holding it make the migration fail)" }],
  ])("%s is listed", (_what, source, loss) => {
    const p = plan(source, { allowDataLoss: true });
    expect(p.losses).toEqual([loss]);
  });

  it("NOT NULL with a default on a nullable column is not a loss", () => {
    expect(plan(edit(["age   Int?", "age   Int @default(0)"])).losses).toEqual([]);
  });

  it.each([
    [{ kind: "Int" }, { kind: "BigInt" }, true],
    [{ kind: "Int" }, { kind: "Float" }, true],
    [{ kind: "BigInt" }, { kind: "Int" }, false],
    [{ kind: "Float" }, { kind: "Int" }, false],
    [{ kind: "String", length: 10 }, { kind: "String", length: 20 }, true],
    [{ kind: "String", length: 20 }, { kind: "String", length: 10 }, false],
    [{ kind: "String", length: 200 }, { kind: "String" }, true],
    [{ kind: "String", length: 300 }, { kind: "String" }, false],
    [{ kind: "String" }, { kind: "Text" }, true],
    [{ kind: "Text" }, { kind: "String", length: 100 }, false],
    [{ kind: "Decimal", precision: 10, scale: 2 }, { kind: "Decimal", precision: 12, scale: 2 }, true],
    [{ kind: "Decimal", precision: 10, scale: 2 }, { kind: "Decimal", precision: 10, scale: 3 }, false],
    [{ kind: "Date" }, { kind: "DateTime" }, true],
    [{ kind: "DateTime" }, { kind: "Date" }, false],
    [{ kind: "Enum", enumName: "A" }, { kind: "Enum", enumName: "B" }, false],
  ] as const)("isWidening(%o, %o) = %s", (from, to, expected) => {
    expect(isWidening(from, to)).toBe(expected);
  });
});

describe("planMigration is deterministic", () => {
  it("the same inputs give equal plans", () => {
    const source = edit(["age   Int?", "age   BigInt @default(0)\n  bio Text?"], ["archived }", "archived hidden }"]);
    expect(JSON.stringify(plan(source))).toBe(JSON.stringify(plan(source)));
  });
});

describe("planning again after a migration finds nothing", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const after = c.after();
    const first = planMigration(snapshotOf(c.before()), after, { allowDataLoss: c.allowDataLoss ?? false });
    const stored = parseSnapshot(renderSnapshot(first.next), "snapshots/0002_change.json");
    // The IR still carries its @renamedFrom attributes: a rename already captured is not made twice.
    expect(planMigration(stored, after)).toMatchObject({ changes: [], summary: [], losses: [], diagnostics: [] });
  });
});
