// What a hand-made SQLite database can hold that .rel cannot, and names that
// collide: every such thing is either expressed another way or listed as a
// warning (and comment), and the schema still compiles.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { compileSource } from "@relgen/dsl";
import { pullSchema } from "../../src/pull/pull.js";

async function pull(ddl: string) {
  const dir = mkdtempSync(join(tmpdir(), "relgen-pull-"));
  let result;
  try {
    const db = new Database(join(dir, "edge.db"));
    db.exec(ddl);
    db.close();
    result = await pullSchema(join(dir, "edge.db"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const compiled = compileSource(result.text);
  expect(compiled.diagnostics.filter((d) => d.severity === "error"), result.text).toEqual([]);
  return { ...result, ir: compiled.ir! };
}

describe("relgen pull on what .rel cannot say", () => {
  test("composite foreign keys, keyless tables, odd defaults, non-identifier enum values and expression indexes are warned about", async () => {
    const { warnings, text, ir } = await pull(`
      CREATE TABLE shelves (room TEXT NOT NULL, num INTEGER NOT NULL, PRIMARY KEY (room, num));
      CREATE TABLE books (
        id INTEGER PRIMARY KEY,
        room TEXT, num INTEGER,
        state TEXT NOT NULL DEFAULT 'on shelf' CHECK (state IN ('on shelf', 'lent out')),
        code TEXT NOT NULL DEFAULT (lower(hex(randomblob(2)))),
        FOREIGN KEY (room, num) REFERENCES shelves (room, num)
      );
      CREATE INDEX books_code_lower ON books (lower(code));
      CREATE TABLE audit_log (at TEXT, message TEXT);
    `);
    expect(warnings).toEqual([
      'table "audit_log" has no primary key, which every .rel declaration needs: it is not pulled (add a key, then pull again)',
      `column "books"."state": its values (on shelf, lent out) are not all identifiers, so no enum can hold them: read as Text`,
      `column "books"."code": default lower(hex(randomblob(2))) has no .rel spelling (a literal, now(), uuid() or autoincrement()); left out`,
      "table \"books\": check constraint (state IN ('on shelf', 'lent out')) is not pulled; .rel has no checks",
      'table "books": index "books_code_lower" is not pulled (partial or expression indexes have no .rel form): CREATE INDEX books_code_lower ON books (lower(code))',
      'table "books": the foreign key (room, num) -> "shelves" has several columns; .rel foreign keys have one, so it is not pulled',
    ]);
    expect(text).toMatch(/state +Text +@default\("on shelf"\)/);
    expect(ir.entities.map((e) => e.name)).toEqual(["Book", "Shelf"]);
    expect(ir.entities.find((e) => e.name === "Shelf")!.primaryKey).toEqual(["room", "num"]);
  });

  test("names that collide with types, keywords or each other are made unique, and the database names kept", async () => {
    const { ir, warnings } = await pull(`
      CREATE TABLE date (id INTEGER PRIMARY KEY AUTOINCREMENT, "user-name" TEXT, userName TEXT);
      CREATE TABLE entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        date_id INTEGER NOT NULL REFERENCES date (id),
        date INTEGER
      );
    `);
    expect(warnings).toEqual([]);
    const day = ir.entities.find((e) => e.tableName === "date")!;
    expect(day.name).toBe("DateRecord");
    expect(day.columns.map((c) => `${c.name}=${c.columnName}`)).toEqual(["id=id", "userNameColumn=user-name", "userName=userName"]);
    const entry = ir.entities.find((e) => e.tableName === "entries")!;
    expect(entry.columns.map((c) => c.name)).toEqual(["id", "dateId", "date"]);
    // `date` is a column already, so the relation takes the entity's name.
    expect(entry.relations.map((r) => `${r.name}:${r.kind}`)).toEqual(["dateRecord:many-to-one"]);
    expect(day.relations.map((r) => `${r.name}:${r.kind}`)).toEqual(["entries:one-to-many"]);
  });

  test("a link table that another table references is an entity; a key to a column that is not unique is warned about", async () => {
    const { ir, warnings } = await pull(`
      CREATE TABLE students (id INTEGER PRIMARY KEY AUTOINCREMENT);
      CREATE TABLE courses (id INTEGER PRIMARY KEY AUTOINCREMENT);
      CREATE TABLE enrolments (
        student_id INTEGER NOT NULL UNIQUE REFERENCES students (id),
        course_id INTEGER NOT NULL REFERENCES courses (id),
        PRIMARY KEY (student_id, course_id)
      );
      CREATE TABLE grades (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        student_id INTEGER NOT NULL,
        course_id INTEGER NOT NULL,
        enrolment_student INTEGER REFERENCES enrolments (student_id),
        course_ref INTEGER REFERENCES enrolments (course_id)
      );
    `);
    expect(warnings).toEqual([
      'table "grades": the foreign key (course_ref) -> "enrolments" (course_id) is not pulled: its target is neither the primary key nor unique, which @references needs',
    ]);
    expect(ir.entities.map((e) => e.name)).toEqual(["Course", "Enrolment", "Grade", "Student"]);
    expect(ir.tables.filter((t) => t.entity === undefined)).toEqual([]);
  });

  test("a partial index on the columns of a real UNIQUE leaves the UNIQUE, and a partial UNIQUE leaves a real index", async () => {
    const { text, warnings } = await pull(`
      CREATE TABLE things (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT UNIQUE, other TEXT, tag TEXT);
      CREATE INDEX things_code_open ON things (code) WHERE other IS NULL;
      CREATE INDEX things_tag ON things (tag);
      CREATE UNIQUE INDEX things_tag_open ON things (tag) WHERE other IS NULL;
    `);
    expect(text).toMatch(/code +Text\? +@unique\n/);
    expect(text).toMatch(/tag +Text\? +@index\n/);
    expect(warnings.filter((w) => w.includes("is not pulled (partial"))).toHaveLength(2);
  });

  test("a key unique only through a partial UNIQUE index is many-to-one, not one-to-one", async () => {
    const { text } = await pull(`
      CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT);
      CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL REFERENCES users (id), live INTEGER NOT NULL);
      CREATE UNIQUE INDEX posts_one_live ON posts (user_id) WHERE live = 1;
    `);
    expect(text).not.toContain("Post?");
    expect(text).toMatch(/user +User @backref\(posts\)/);
    expect(compileSource(text).diagnostics.map((d) => d.code)).not.toContain("W0701");
  });

  test("a table whose name the entity's own derivation does not give back keeps it with @@table", async () => {
    const { ir } = await pull(`CREATE TABLE "2fa" (id INTEGER PRIMARY KEY AUTOINCREMENT)`);
    expect(ir.entities.map((e) => e.tableName)).toEqual(["2fa"]);
  });

  test("names the compiler refuses (a field `constructor`, a link table named `with`) are mapped, the database names kept", async () => {
    const { ir, warnings } = await pull(`
      CREATE TABLE widgets (id INTEGER PRIMARY KEY AUTOINCREMENT, "constructor" TEXT);
      CREATE TABLE gadgets (id INTEGER PRIMARY KEY AUTOINCREMENT);
      CREATE TABLE "with" (
        widget_id INTEGER NOT NULL REFERENCES widgets (id),
        gadget_id INTEGER NOT NULL REFERENCES gadgets (id),
        PRIMARY KEY (widget_id, gadget_id)
      );
    `);
    expect(warnings).toEqual([]);
    const widget = ir.entities.find((e) => e.name === "Widget")!;
    expect(widget.columns.map((c) => `${c.name}=${c.columnName}`)).toEqual(["id=id", "constructorColumn=constructor"]);
    expect(ir.entities.find((e) => e.tableName === "with")?.name).toBe("With");
  });
});
