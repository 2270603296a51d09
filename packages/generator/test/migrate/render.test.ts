import { FOREIGN_KEYS_OFF_DIRECTIVE, IRREVERSIBLE_DIRECTIVE } from "@relgen/runtime/migrate";
import { describe, expect, it } from "vitest";
import { DIALECTS, type Dialect } from "../../src/contract.js";
import { isGeneratedByRelgen, sqlHeader } from "../../src/views/header.js";
import { planMigration, renderEmptyMigration, renderMigration, snapshotOf } from "../../src/migrate/index.js";
import { BASE, CASES } from "./cases.js";
import { compile, statements } from "./support.js";

const previous = snapshotOf(compile(BASE));
const edit = (...pairs: [string, string][]) => pairs.reduce((s, [from, to]) => s.replace(from, to), BASE);
const render = (source: string, dialect: Dialect, allowDataLoss = false) =>
  renderMigration(planMigration(previous, compile(source), { allowDataLoss }), previous, dialect, { id: "0002_change", sourceName: "schema.rel" });

describe("renderMigration: file shape", () => {
  it.each(CASES.flatMap((c) => DIALECTS.map((d) => [c.name, d, c] as const)))("%s (%s): header, directives at the top, statements end with ;", (_n, dialect, c) => {
    const before = snapshotOf(c.before());
    const plan = planMigration(before, c.after(), { allowDataLoss: c.allowDataLoss ?? false });
    const files = renderMigration(plan, before, dialect, { id: "0002_change", sourceName: "schema.rel" });
    for (const text of [files.up, files.down]) {
      const lines = text.split("\n");
      expect(lines[0]).toBe(sqlHeader("schema.rel"));
      expect(text.endsWith(";\n") || text.endsWith(".\n")).toBe(true);
      // Directives only before the first statement.
      const first = lines.findIndex((l) => l !== "" && !l.startsWith("--"));
      for (const [i, l] of lines.entries()) if (l.startsWith("-- relgen:")) expect(first === -1 || i < first).toBe(true);
      // Every statement ends with ";" at a line end.
      const body = lines.filter((l) => !l.startsWith("--")).join("\n").trim();
      if (body !== "") expect(body.endsWith(";")).toBe(true);
    }
    expect(renderMigration(plan, before, dialect, { id: "0002_change", sourceName: "schema.rel" })).toEqual(files);
  });

  it("an up that loses data has a down that refuses, with the reason on the line after the header and no statements", () => {
    for (const dialect of DIALECTS) {
      const { down } = render(edit(["  age   Int?\n", ""]), dialect, true);
      const lines = down.split("\n");
      expect(lines[1]).toBe(
        `${IRREVERSIBLE_DIRECTIVE} the up migration lost data that a down cannot restore: column users.age was dropped. Restore from a backup, or write a new migration that reverses it`,
      );
      expect(statements(down)).toEqual([]);
    }
  });
});

describe("renderMigration: SQLite", () => {
  it("adds a nullable column in place, without the foreign-keys-off directive", () => {
    const { up, down } = render(edit(["age   Int?", "age   Int?\n  bio   Text?"]), "sqlite");
    expect(statements(up)).toEqual([`ALTER TABLE "users" ADD COLUMN "bio" TEXT`]);
    expect(statements(down)).toEqual([`ALTER TABLE "users" DROP COLUMN "bio"`]);
    expect(up).not.toContain(FOREIGN_KEYS_OFF_DIRECTIVE);
  });

  it("rebuilds a table for NOT NULL, copying with the default for NULLs, under the directive", () => {
    const { up } = render(edit(["age   Int?", "age   Int @default(18)"]), "sqlite");
    expect(up.split("\n")[1]).toBe(FOREIGN_KEYS_OFF_DIRECTIVE);
    const sql = statements(up);
    expect(sql[0]).toMatch(/^CREATE TABLE "new_users" \(/);
    expect(sql.slice(1)).toEqual([
      `INSERT INTO "new_users" ("id", "name", "email", "age") SELECT "id", "name", "email", COALESCE("age", 18) FROM "users"`,
      `DROP TABLE "users"`,
      `ALTER TABLE "new_users" RENAME TO "users"`,
    ]);
  });
});

describe("renderMigration: PostgreSQL", () => {
  it("retypes with USING, backfills NULLs before NOT NULL, then sets the default", () => {
    expect(statements(render(edit(["age   Int?", "age   BigInt @default(0)"]), "postgres").up)).toEqual([
      `ALTER TABLE "users" ALTER COLUMN "age" TYPE bigint USING "age"::bigint`,
      `UPDATE "users" SET "age" = 0 WHERE "age" IS NULL`,
      `ALTER TABLE "users" ALTER COLUMN "age" SET NOT NULL`,
      `ALTER TABLE "users" ALTER COLUMN "age" SET DEFAULT 0`,
    ]);
  });

  it("appends an enum member in place, and replaces the type to remove one", () => {
    expect(statements(render(edit(["archived }", "archived hidden }"]), "postgres").up)).toEqual([
      `ALTER TYPE "Status" ADD VALUE 'hidden' AFTER 'archived'`,
    ]);
    expect(statements(render(edit(["published archived }", "published }"]), "postgres", true).up)).toEqual([
      `CREATE TYPE "Status__relgen_new" AS ENUM ('draft', 'published')`,
      `ALTER TABLE "posts" ALTER COLUMN "status" DROP DEFAULT`,
      `ALTER TABLE "posts" ALTER COLUMN "status" TYPE "Status__relgen_new" USING "status"::text::"Status__relgen_new"`,
      `DROP TYPE "Status"`,
      `ALTER TYPE "Status__relgen_new" RENAME TO "Status"`,
      `ALTER TABLE "posts" ALTER COLUMN "status" SET DEFAULT 'draft'`,
    ]);
  });

  it("orders an executable up: keys off before tables go, enum types before their columns, referenced tables first", () => {
    const source =
      edit(["  posts Post[]      @backref(author)\n", ""], ["enum Status { draft published archived }", ""]).replace(/entity Post \{[\s\S]*$/, "") +
      `enum Mood { calm busy }\nentity Team {\n  @@table("teams")\n  id Int @id\n}\nentity Player {\n  @@table("players")\n  id Int @id\n  mood Mood\n  teamId Int @references(Team.id)\n}\n`;
    const sql = statements(render(source, "postgres", true).up);
    const at = (prefix: string) => sql.findIndex((s) => s.startsWith(prefix));
    expect(at(`DROP TABLE "posts"`)).toBeGreaterThan(-1);
    expect(at(`CREATE TYPE "Mood"`)).toBeLessThan(at(`CREATE TABLE "players"`));
    expect(at(`CREATE TABLE "teams"`)).toBeLessThan(at(`CREATE TABLE "players"`));
    expect(at(`DROP TYPE "Status"`)).toBeGreaterThan(at(`DROP TABLE "posts"`));
  });
});

describe("renderMigration: MySQL", () => {
  it("changes a column with MODIFY COLUMN and its full definition", () => {
    expect(statements(render(edit(["name  String(100)", "name  String(150)"]), "mysql").up)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `name` VARCHAR(150) NOT NULL",
    ]);
  });

  it("changes an inline ENUM by modifying each column that uses it", () => {
    expect(statements(render(edit(["archived }", "archived hidden }"]), "mysql").up)).toEqual([
      "ALTER TABLE `posts` MODIFY COLUMN `status` ENUM('draft', 'published', 'archived', 'hidden') NOT NULL DEFAULT 'draft'",
    ]);
  });
});

describe("renderEmptyMigration", () => {
  it.each(DIALECTS)("%s: an up with only comments, a down that refuses until it is written", (dialect) => {
    const { up, down } = renderEmptyMigration(dialect, { id: "0003_backfill", sourceName: "schema.rel" });
    expect(statements(up)).toEqual([]);
    expect(statements(down)).toEqual([]);
    expect(up).toContain("0003_backfill");
    // Never the generated-file header: the writer would take the file for its own.
    expect(isGeneratedByRelgen(up) || isGeneratedByRelgen(down)).toBe(false);
    expect(down.split("\n")[1]).toMatch(new RegExp(`^${IRREVERSIBLE_DIRECTIVE} 0003_backfill is hand-written`));
    expect(up.endsWith("\n") && down.endsWith("\n")).toBe(true);
  });
});
