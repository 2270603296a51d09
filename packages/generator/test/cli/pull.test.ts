import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, test, vi } from "vitest";
import { compileSource } from "@relgen/dsl";
import { project, relgen } from "./harness.js";

/** Lets a test act while the database is being read (between pull's checks and its write). */
const duringPull = vi.hoisted(() => ({ hook: undefined as (() => void) | undefined }));
vi.mock("../../src/pull/pull.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/pull/pull.js")>();
  return {
    ...real,
    pullSchema: async (url: string) => {
      const result = await real.pullSchema(url);
      duringPull.hook?.();
      return result;
    },
  };
});

const DDL = `
CREATE TABLE authors (id INTEGER PRIMARY KEY AUTOINCREMENT, full_name VARCHAR(80) NOT NULL UNIQUE);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  title TEXT NOT NULL
);
CREATE VIEW titles AS SELECT title FROM posts;
`;

/** A scratch project holding app.db, made from DDL relgen never saw. */
function withDatabase(files: Record<string, string> = {}): string {
  const dir = project(files);
  const db = new Database(join(dir, "app.db"));
  db.exec(DDL);
  db.close();
  return dir;
}

describe("relgen pull", () => {
  test("prints the schema on stdout and the warnings on stderr; the same database gives the same bytes", async () => {
    const dir = withDatabase();
    const first = await relgen(dir, ["pull", "--url", "app.db"]);
    expect(first.code).toBe(0);
    expect(first.stdout.startsWith("// Pulled by `relgen pull` from a sqlite database.")).toBe(true);
    expect(first.stdout).toContain('@@table("authors")');
    expect(first.stdout).toContain('@references(Author.id) @onDelete(cascade) @column("author_id")');
    expect(first.stdout).toContain("author   Author @backref(posts)");
    expect(first.stderr).toContain('relgen pull: warning: view "titles" is not pulled');
    expect(first.stderr).toContain("2 entities, 0 association tables, 0 enums, 1 warning");
    expect(compileSource(first.stdout).ir).toBeDefined();
    const second = await relgen(dir, ["pull", "--url", "app.db"]);
    expect(second.stdout).toBe(first.stdout);
  });

  test("--out writes the file; pulling over its own earlier output is allowed", async () => {
    const dir = withDatabase();
    const shown = await relgen(dir, ["pull", "--url", "app.db"]);
    const run = await relgen(dir, ["pull", "--url", "app.db", "--out", "schema.rel"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("relgen pull: wrote schema.rel");
    expect(readFileSync(join(dir, "schema.rel"), "utf8")).toBe(shown.stdout);
    writeFileSync(join(dir, "schema.rel"), `${shown.stdout}// a note added after the pull\n`);
    expect((await relgen(dir, ["pull", "--url", "app.db", "--out", "schema.rel"])).code).toBe(0);
    expect(readFileSync(join(dir, "schema.rel"), "utf8")).toBe(shown.stdout);
  });

  test("refuses to overwrite a schema pull did not write, unless --force", async () => {
    const mine = "entity Mine {\n  id Int @id\n}\n";
    const dir = withDatabase({ "schema.rel": mine });
    const refused = await relgen(dir, ["pull", "--url", "app.db", "--out", "schema.rel"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refusing to overwrite schema.rel: it was not written by relgen pull");
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(join(dir, "schema.rel"), "utf8")).toBe(mine);
    const forced = await relgen(dir, ["pull", "--url", "app.db", "--out", "schema.rel", "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "schema.rel"), "utf8")).toContain("entity Author");
  });

  test("refuses, even with --force, to write the schema over the SQLite database it reads", async () => {
    const dir = withDatabase({ "sub/keep.txt": "" });
    const before = readFileSync(join(dir, "app.db"));
    for (const out of ["app.db", "sub/../app.db"]) {
      const run = await relgen(dir, ["pull", "--url", "app.db", "--out", out, "--force"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("refusing to write the schema over the database itself");
    }
    const viaUrl = await relgen(dir, ["pull", "--url", `file://${join(dir, "app.db")}`, "--out", "app.db", "--force"]);
    expect(viaUrl.code).toBe(1);
    expect(readFileSync(join(dir, "app.db")).equals(before)).toBe(true);
  });

  test("a file someone else creates at --out while the database is read is not replaced", async () => {
    const dir = withDatabase();
    const theirs = "entity Theirs {\n  id Int @id\n}\n";
    duringPull.hook = () => writeFileSync(join(dir, "schema.rel"), theirs);
    try {
      const run = await relgen(dir, ["pull", "--url", "app.db", "--out", "schema.rel"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("refusing to overwrite schema.rel: it was not written by relgen pull");
    } finally {
      duringPull.hook = undefined;
    }
    expect(readFileSync(join(dir, "schema.rel"), "utf8")).toBe(theirs);
  });

  test("without a database, or with one that does not exist, it explains and writes nothing", async () => {
    const dir = withDatabase();
    const none = await relgen(dir, ["pull"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("name the database with --url");
    const missing = await relgen(dir, ["pull", "--url", "missing.db", "--out", "schema.rel"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read missing\.db: There is no SQLite database at .*missing\.db/);
    expect(existsSync(join(dir, "schema.rel"))).toBe(false);
    expect(existsSync(join(dir, "missing.db"))).toBe(false);
  });

  test("a file that is not a database is explained, exit 1, and left as it was", async () => {
    const mine = "entity Mine {\n  id Int @id\n}\n";
    const dir = project({ "schema.rel": mine });
    const run = await relgen(dir, ["pull", "--url", "schema.rel"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("relgen pull: cannot read schema.rel: file is not a database");
    expect(run.stdout).toBe("");
    expect(readFileSync(join(dir, "schema.rel"), "utf8")).toBe(mine);
  });

  test("a server that cannot be reached is explained, exit 1, without the URL's password", async () => {
    const dir = project({});
    const run = await relgen(dir, ["pull", "--url", "postgres://u:s3cret@127.0.0.1:1/db"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("relgen pull: cannot read postgres://u:***@127.0.0.1:1/db:");
    expect(run.stderr).not.toContain("s3cret");
  });

  test("DATABASE_URL names the database; --format json carries the schema and warnings", async () => {
    const dir = withDatabase();
    const run = await relgen(dir, ["pull", "--format", "json"], { DATABASE_URL: "app.db" });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { command: string; ok: boolean; schema: string; warnings: string[] };
    expect(report.command).toBe("pull");
    expect(report.ok).toBe(true);
    expect(report.schema).toContain("entity Post");
    expect(report.warnings).toEqual(['view "titles" is not pulled: .rel declares tables only']);
  });

  test("--out into a new folder creates it; a path that cannot be a file is explained and nothing is written", async () => {
    const dir = withDatabase({ "taken/keep.txt": "a file, not a folder" });
    expect((await relgen(dir, ["pull", "--url", "app.db", "--out", "db/schema.rel"])).code).toBe(0);
    expect(readFileSync(join(dir, "db/schema.rel"), "utf8")).toContain("entity Author");
    const blocked = await relgen(dir, ["pull", "--url", "app.db", "--out", "taken/keep.txt/schema.rel"]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain("cannot write taken/keep.txt/schema.rel: a file is in the way where a directory is needed");
    expect(readFileSync(join(dir, "taken/keep.txt"), "utf8")).toBe("a file, not a folder");
  });

  test("an empty database gives an empty schema and says where it looked", async () => {
    const dir = project({});
    new Database(join(dir, "empty.db")).close();
    const run = await relgen(dir, ["pull", "--url", "empty.db"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("the database has no tables, so the schema is empty");
    expect(compileSource(run.stdout).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  test("a pulled schema that does not compile is still written, with its located errors and exit 1", async () => {
    const long = `a_column_name_that_is_longer_than_what_postgresql_and_mysql_allow_${"x".repeat(10)}`;
    const dir = project({});
    const db = new Database(join(dir, "long.db"));
    db.exec(`CREATE TABLE things (id INTEGER PRIMARY KEY AUTOINCREMENT, ${long} TEXT)`);
    db.close();
    const run = await relgen(dir, ["pull", "--url", "long.db", "--out", "schema.rel"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/schema\.rel:\d+:\d+/);
    expect(run.stderr).toContain("E0312");
    expect(run.stderr).toContain("relgen pull: the pulled schema does not compile (above)");
    expect(readFileSync(join(dir, "schema.rel"), "utf8")).toContain(`@column("${long}")`);
  });
});
