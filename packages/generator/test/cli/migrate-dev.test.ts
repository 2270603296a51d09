import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BLOG, project, relgen, snapshot } from "./harness.js";

const WITH_NICKNAME = BLOG.replace("name  String(80) @unique", "name  String(80) @unique\n  nickname String?");
const migrationFiles = (dir: string) =>
  Object.fromEntries(Object.entries(snapshot(join(dir, "src/db/migrations"))));

/** A project built once: 0001_init exists, the schema is BLOG. */
async function builtProject(): Promise<string> {
  const dir = project({ "schema.rel": BLOG });
  const run = await relgen(dir, ["build", "schema.rel", "--out", "src/db"]);
  expect(run.code, run.stderr).toBe(0);
  return dir;
}

const dev = (dir: string, ...extra: string[]) => relgen(dir, ["migrate", "dev", "schema.rel", "--out", "src/db", ...extra]);

describe("relgen build and the first migration", () => {
  test("the first build writes 0001_init with its snapshot and the expected catalog of each engine", async () => {
    const dir = await builtProject();
    const files = Object.keys(migrationFiles(dir));
    expect(files).toEqual([
      "mysql/0001_init.catalog.json",
      "mysql/0001_init.down.sql",
      "mysql/0001_init.sql",
      "postgres/0001_init.catalog.json",
      "postgres/0001_init.down.sql",
      "postgres/0001_init.sql",
      "snapshots/0001_init.json",
      "sqlite/0001_init.catalog.json",
      "sqlite/0001_init.down.sql",
      "sqlite/0001_init.sql",
    ]);
    const snap = JSON.parse(readFileSync(join(dir, "src/db/migrations/snapshots/0001_init.json"), "utf8"));
    expect(snap.tables.map((t: { name: string }) => t.name)).toEqual(["user", "post"]);
  });

  test("after a schema change, build rewrites the TypeScript only, never a migration, and says what is not captured", async () => {
    const dir = await builtProject();
    const before = migrationFiles(dir);
    writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
    const run = await relgen(dir, ["build", "schema.rel", "--out", "src/db"]);
    expect(run.code, run.stderr).toBe(0);
    expect(migrationFiles(dir)).toEqual(before);
    expect(readFileSync(join(dir, "src/db/models/user.ts"), "utf8")).toContain("nickname");
    expect(run.stdout).toContain("no migration captures yet");
    expect(run.stdout).toMatch(/nickname/);
    expect(run.stdout).toContain("relgen migrate dev schema.rel --out src/db --name");
  });

  test("build --check fails while a change has no migration, and passes once migrate dev wrote it", async () => {
    const dir = await builtProject();
    writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
    expect((await relgen(dir, ["build", "schema.rel", "--out", "src/db"])).code).toBe(0);
    const stale = await relgen(dir, ["build", "schema.rel", "--out", "src/db", "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("no migration captures yet");
    expect((await dev(dir, "--name", "add_nickname")).code).toBe(0);
    const fresh = await relgen(dir, ["build", "schema.rel", "--out", "src/db", "--check"]);
    expect(fresh.stdout).not.toContain("no migration captures");
    expect(fresh.code, fresh.stdout + fresh.stderr).toBe(0);
  });

  test("a rebuild keeps migrate dev's files: the manifest lists them and nothing is removed", async () => {
    const dir = await builtProject();
    writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
    expect((await dev(dir, "--name", "add_nickname")).code).toBe(0);
    const before = migrationFiles(dir);
    const run = await relgen(dir, ["build", "schema.rel", "--out", "src/db"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/0 removed/);
    expect(migrationFiles(dir)).toEqual(before);
    const manifest = JSON.parse(readFileSync(join(dir, "src/db/.relgen-manifest.json"), "utf8"));
    expect(Object.keys(manifest.files)).toContain("migrations/postgres/0002_add_nickname.sql");
  });
});

describe("relgen migrate dev", () => {
  test("a migrations folder from an earlier relgen (two-space JSON) keeps working: dev diffs its snapshot, deploy and status read its catalog", async () => {
    const dir = await builtProject();
    const json = ["snapshots/0001_init.json", ...["sqlite", "postgres", "mysql"].map((d) => `${d}/0001_init.catalog.json`)];
    for (const file of json) {
      const path = join(dir, "src/db/migrations", file);
      const current = readFileSync(path, "utf8");
      const twoSpace = `${JSON.stringify(JSON.parse(current), null, 2)}\n`; // as relgen wrote it before
      expect(current).not.toBe(twoSpace);
      writeFileSync(path, twoSpace);
    }
    const earlier = migrationFiles(dir);
    writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
    const run = await dev(dir, "--name", "add_nickname");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const files = migrationFiles(dir);
    for (const file of json) expect(files[file]).toBe(earlier[file]);
    expect(files["sqlite/0002_add_nickname.sql"]).toMatch(/ADD COLUMN "nickname"/);
    expect(Object.keys(files).filter((f) => f.includes("0002_"))).toHaveLength(10);
    const url = join(dir, "app.db");
    const deploy = await relgen(dir, ["migrate", "deploy", "--migrations", "src/db/migrations", "--url", url]);
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    const status = await relgen(dir, ["migrate", "status", "--migrations", "src/db/migrations", "--url", url]);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).not.toMatch(/drift/i);
  });

  test("writes the next numbered migration for every engine, with a snapshot, and says what it does", async () => {
    const dir = await builtProject();
    writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
    const run = await dev(dir, "--name", "Add nickname!");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("wrote migration 0002_add_nickname for sqlite, postgres, mysql");
    const files = migrationFiles(dir);
    for (const d of ["sqlite", "postgres", "mysql"]) {
      expect(files[`${d}/0002_add_nickname.sql`]).toMatch(/ADD (COLUMN )?.nickname/i);
      expect(files[`${d}/0002_add_nickname.down.sql`]).toMatch(/DROP COLUMN .nickname/i);
      expect(JSON.parse(files[`${d}/0002_add_nickname.catalog.json`]!).tables.length).toBe(2);
    }
    expect(files["snapshots/0002_add_nickname.json"]).toContain('"nickname"');
  });

  test("no change: says so, exits 0 and writes nothing; twice in a row never makes a second migration", async () => {
    const dir = await builtProject();
    const before = snapshot(dir);
    const none = await dev(dir, "--name", "nothing");
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("no changes since 0001_init");
    expect(snapshot(dir)).toEqual(before);

    writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
    expect((await dev(dir, "--name", "add_nickname")).code).toBe(0);
    const after = snapshot(dir);
    const again = await dev(dir, "--name", "add_nickname");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("no changes since 0002_add_nickname");
    expect(snapshot(dir)).toEqual(after);
  });

  test("the same steps give byte-identical migrations in two projects", async () => {
    const trees = [];
    for (let i = 0; i < 2; i++) {
      const dir = await builtProject();
      writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
      expect((await dev(dir, "--name", "add_nickname")).code).toBe(0);
      trees.push(migrationFiles(dir));
    }
    expect(trees[1]).toEqual(trees[0]);
  });

  test("dropping a column is refused without --allow-data-loss, listing the loss, and writes nothing", async () => {
    const dir = await builtProject();
    writeFileSync(join(dir, "schema.rel"), BLOG.replace("  title  String(200)\n", ""));
    const before = snapshot(dir);
    const refused = await dev(dir, "--name", "drop_title");
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("would lose data");
    expect(refused.stdout).toMatch(/post\.title/);
    expect(refused.stdout).toContain("--allow-data-loss");
    expect(snapshot(dir)).toEqual(before);

    const allowed = await dev(dir, "--name", "drop_title", "--allow-data-loss");
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    const down = readFileSync(join(dir, "src/db/migrations/postgres/0002_drop_title.down.sql"), "utf8");
    expect(down).toContain("-- relgen:irreversible");
  });

  test("a drop and add that looks like a rename is refused with E0901 pointing at the new field; @renamedFrom renames", async () => {
    const dir = await builtProject();
    writeFileSync(join(dir, "schema.rel"), BLOG.replace("title  String(200)", "headline String(200)"));
    const refused = await dev(dir, "--name", "rename_title");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("E0901");
    expect(refused.stderr).toContain("@renamedFrom");
    expect(refused.stderr).toMatch(/schema\.rel:\d+:\d+/);
    expect(existsSync(join(dir, "src/db/migrations/snapshots/0002_rename_title.json"))).toBe(false);

    writeFileSync(join(dir, "schema.rel"), BLOG.replace("title  String(200)", 'headline String(200) @renamedFrom("title")'));
    const renamed = await dev(dir, "--name", "rename_title");
    expect(renamed.code, renamed.stdout + renamed.stderr).toBe(0);
    const up = readFileSync(join(dir, "src/db/migrations/postgres/0002_rename_title.sql"), "utf8");
    expect(up).toMatch(/RENAME COLUMN "title" TO "headline"/);
    expect(up).not.toMatch(/DROP COLUMN/);
  });

  test("--empty writes a hand-written migration in the sequence; the snapshot stays the schema's", async () => {
    const dir = await builtProject();
    const run = await dev(dir, "--empty", "--name", "backfill");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const files = migrationFiles(dir);
    expect(Object.keys(files)).toContain("sqlite/0002_backfill.sql");
    expect(files["snapshots/0002_backfill.json"]).toBe(files["snapshots/0001_init.json"]);
    expect(files["postgres/0002_backfill.catalog.json"]).toBe(files["postgres/0001_init.catalog.json"]);
  });

  test("without --name it is a usage error; a misnamed migration file is refused before anything is written", async () => {
    const dir = await builtProject();
    writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
    const unnamed = await dev(dir);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stdout + unnamed.stderr).toContain("--name");

    writeFileSync(join(dir, "src/db/migrations/sqlite/2_fix.sql"), "UPDATE x SET y = 1;\n");
    const before = snapshot(dir);
    const refused = await dev(dir, "--name", "add_nickname");
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("2_fix.sql");
    expect(refused.stdout).toContain("is not named like a migration");
    expect(snapshot(dir)).toEqual(before);
  });

  test("on a project with no migrations yet it writes 0001_init; --migrations puts them elsewhere", async () => {
    const dir = project({ "schema.rel": BLOG });
    const run = await relgen(dir, ["migrate", "dev", "schema.rel", "--out", "src/db", "--migrations", "db/migrations", "--name", "init"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("wrote migration 0001_init");
    expect(existsSync(join(dir, "db/migrations/postgres/0001_init.sql"))).toBe(true);
    expect(existsSync(join(dir, "db/migrations/snapshots/0001_init.json"))).toBe(true);
    expect(existsSync(join(dir, "src/db/index.ts"))).toBe(false);
  });
});
