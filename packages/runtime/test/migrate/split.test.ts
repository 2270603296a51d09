import { describe, expect, it } from "vitest";
import { readDirectives, splitStatements } from "../../src/migrate/split.js";

describe("splitStatements", () => {
  it("splits on semicolons and drops the comments and blank lines before each statement", () => {
    expect(
      splitStatements(
        "-- header\n\nCREATE TABLE a (x int);\n\n-- why b\nCREATE TABLE b (y int);\n-- trailing comment\n",
      ),
    ).toEqual(["CREATE TABLE a (x int)", "CREATE TABLE b (y int)"]);
  });

  it("keeps semicolons inside quotes, identifiers and comments", () => {
    const sql = `INSERT INTO "a;b" VALUES ('x;y', 'it''s;'); SELECT \`c;d\` /* ; */ FROM t -- ;\n; SELECT 1`;
    expect(splitStatements(sql)).toEqual([
      `INSERT INTO "a;b" VALUES ('x;y', 'it''s;')`,
      "SELECT `c;d` /* ; */ FROM t -- ;",
      "SELECT 1",
    ]);
  });

  it("keeps dollar-quoted bodies whole, and does not take $1 for a tag", () => {
    const fn = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql";
    expect(splitStatements(`${fn};\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT $1::int`)).toEqual([
      fn,
      "DO $$ BEGIN PERFORM 1; END $$",
      "SELECT $1::int",
    ]);
  });

  it("keeps a trigger's BEGIN ... END body whole, CASE ... END inside it too", () => {
    const trigger =
      'CREATE TRIGGER "t_touch" AFTER UPDATE ON "t" BEGIN\n  UPDATE "t" SET n = CASE WHEN n IS NULL THEN 1 ELSE n + 1 END WHERE id = NEW.id;\n  SELECT 1;\nEND';
    expect(splitStatements(`${trigger};\nCREATE INDEX i ON t (n);`)).toEqual([trigger, "CREATE INDEX i ON t (n)"]);
  });

  it("reads backslash escapes only where the engine does (MySQL, PostgreSQL's E'...')", () => {
    // PostgreSQL: a standard string ending in a backslash.
    expect(splitStatements("SELECT 'C:\\'; SELECT 2")).toEqual(["SELECT 'C:\\'", "SELECT 2"]);
    expect(splitStatements("SELECT E'it\\'s;'; SELECT 2")).toEqual(["SELECT E'it\\'s;'", "SELECT 2"]);
    expect(splitStatements("SELECT 'it\\'s;'; SELECT 2", { backslashEscapes: true })).toEqual([
      "SELECT 'it\\'s;'",
      "SELECT 2",
    ]);
  });

  it("has no statements in a file of comments", () => {
    expect(splitStatements("-- relgen:irreversible nothing to undo\n/* nothing */\n")).toEqual([]);
  });
});

describe("readDirectives", () => {
  it("reads the directives above the first statement only", () => {
    expect(readDirectives('-- header\n-- relgen:irreversible the column "x" was dropped\nSELECT 1;\n')).toEqual({
      irreversible: 'the column "x" was dropped',
      foreignKeysOff: false,
    });
    expect(readDirectives("-- relgen:foreign-keys-off\nCREATE TABLE a (x int);")).toEqual({ foreignKeysOff: true });
    expect(readDirectives("SELECT 1;\n-- relgen:irreversible too late\n")).toEqual({ foreignKeysOff: false });
    expect(readDirectives("-- relgen:irreversible-ish\nSELECT 1;")).toEqual({ foreignKeysOff: false });
  });
});
