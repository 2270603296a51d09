import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { SchemaIR } from "@relgen/dsl";
import { generate } from "../src/index.js";
import { blogIR } from "./support/blog-ir.js";
import { fileContents } from "./support/generated.js";
import { kitchenIR } from "./support/kitchen-ir.js";

async function sqliteMigration(ir: SchemaIR) {
  const files = await generate(ir, { dialects: ["sqlite"] });
  return { up: fileContents(files, "sqlite/0001_init.sql"), down: fileContents(files, "sqlite/0001_init.down.sql") };
}

function objects(db: Database.Database): string[] {
  return (
    db
      .prepare(`SELECT type || ' ' || name AS o FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY o`)
      .all() as { o: string }[]
  ).map((r) => r.o);
}

describe.each([
  ["blog", blogIR],
  ["kitchen sink", kitchenIR],
])("SQLite migration of the %s schema", (_name, build) => {
  it("applies up, creates every table and index, then down leaves the database empty", async () => {
    const ir = build();
    const { up, down } = await sqliteMigration(ir);
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    db.exec(up);
    const created = objects(db);
    for (const table of ir.tables) {
      expect(created).toContain(`table ${table.name}`);
      for (const index of table.indexes) expect(created).toContain(`index ${index.name}`);
    }
    db.exec(down);
    expect(objects(db)).toEqual([]);
    db.close();
  });
});

describe("SQLite migration behaviour", () => {
  it("fills defaults the way the spec says", async () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    db.exec((await sqliteMigration(kitchenIR())).up);
    db.prepare(`INSERT INTO "everything" ("code") VALUES ('x')`).run();
    const row = db.prepare(`SELECT * FROM "everything"`).get() as Record<string, unknown>;
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.count).toBe(42);
    expect(row.ratio).toBe(2.5);
    expect(row.label).toBe("it's");
    expect(row.flag).toBe(1);
    expect(row.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(row.settings).toBe("{}");
    expect(row.status).toBe("Completed");
    expect(row.note).toBeNull();
    expect(row).toHaveProperty("display_name", null);
    db.close();
  });

  it("rejects enum values outside the enum and enforces foreign keys with their actions", async () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    db.exec((await sqliteMigration(kitchenIR())).up);
    expect(() => db.prepare(`INSERT INTO "everything" ("code", "status") VALUES ('x', 'Bogus')`).run()).toThrow(
      /CHECK/,
    );

    db.prepare(`INSERT INTO "person" ("name") VALUES ('Ann')`).run();
    db.prepare(`INSERT INTO "club" ("ownerId") VALUES (1)`).run();
    db.prepare(`UPDATE "person" SET "favoriteClubId" = 1`).run();
    db.prepare(`INSERT INTO "membership" ("personId", "clubId") VALUES (1, 1)`).run();
    expect(() => db.prepare(`INSERT INTO "club" ("ownerId") VALUES (99)`).run()).toThrow(/FOREIGN KEY/);
    // club.ownerId is ON DELETE RESTRICT: the owner cannot go while the club exists.
    expect(() => db.prepare(`DELETE FROM "person" WHERE "id" = 1`).run()).toThrow(/FOREIGN KEY/);
    // Deleting the club sets person.favoriteClubId to NULL and cascades to membership.
    db.prepare(`DELETE FROM "club" WHERE "id" = 1`).run();
    expect(db.prepare(`SELECT "favoriteClubId" FROM "person"`).get()).toEqual({ favoriteClubId: null });
    expect(db.prepare(`SELECT count(*) AS n FROM "membership"`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT "role" FROM "membership"`).all()).toEqual([]);
    db.close();
  });

  it("generates ascending ids from the autoincrement key", async () => {
    const db = new Database(":memory:");
    db.exec((await sqliteMigration(blogIR())).up);
    const insert = db.prepare(`INSERT INTO "users" ("username", "email") VALUES (?, ?)`);
    expect(insert.run("a", "a@x").lastInsertRowid).toBe(1);
    expect(insert.run("b", "b@x").lastInsertRowid).toBe(2);
    expect(() => insert.run("a", "other@x")).toThrow(/UNIQUE/);
    db.close();
  });
});
