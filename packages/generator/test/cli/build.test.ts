import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BLOG, project, relgen } from "./harness.js";

function tree(dir: string, prefix = ""): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? tree(path, `${prefix}${name}/`) : [`${prefix}${name}`];
    })
    .sort();
}

describe("relgen build", () => {
  test("writes models, schema, index and migrations for all three engines", async () => {
    const dir = project({ "schema.rel": BLOG });
    const run = await relgen(dir, ["build", "schema.rel", "--out", "src/db"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const files = tree(join(dir, "src/db"));
    expect(files).toEqual(
      expect.arrayContaining([
        "index.ts",
        "schema.ts",
        "models/user.ts",
        "models/post.ts",
        "migrations/sqlite/0001_init.sql",
        "migrations/sqlite/0001_init.down.sql",
        "migrations/postgres/0001_init.sql",
        "migrations/postgres/0001_init.down.sql",
        "migrations/mysql/0001_init.sql",
        "migrations/mysql/0001_init.down.sql",
      ]),
    );
    expect(run.stdout).toMatch(/\d+ files in src\/db \(\d+ written, 0 unchanged, 0 removed\)/);
  });

  test("a second run writes nothing and the bytes are identical", async () => {
    const dir = project({ "schema.rel": BLOG });
    await relgen(dir, ["build", "schema.rel", "--out", "a"]);
    const first = tree(join(dir, "a")).map((f) => readFileSync(join(dir, "a", f), "utf8"));
    const again = await relgen(dir, ["build", "schema.rel", "--out", "a"]);
    expect(again.stdout).toMatch(/\(0 written, \d+ unchanged, 0 removed\)/);
    const second = tree(join(dir, "a")).map((f) => readFileSync(join(dir, "a", f), "utf8"));
    expect(second).toEqual(first);
  });

  test("--migrations and --dialect choose where and which SQL is written", async () => {
    const dir = project({ "schema.rel": BLOG });
    const run = await relgen(dir, ["build", "schema.rel", "--out", "src/db", "--migrations", "sql", "--dialect", "postgres,sqlite"]);
    expect(run.code).toBe(0);
    expect(tree(join(dir, "sql"))).toEqual([
      ".relgen-manifest.json",
      "postgres/0001_init.catalog.json",
      "postgres/0001_init.down.sql",
      "postgres/0001_init.sql",
      "snapshots/0001_init.json",
      "sqlite/0001_init.catalog.json",
      "sqlite/0001_init.down.sql",
      "sqlite/0001_init.sql",
    ]);
    expect(existsSync(join(dir, "src/db/migrations"))).toBe(false);
  });

  test("a schema error writes nothing, exits 1 and shows where and how to fix it", async () => {
    const dir = project({ "schema.rel": BLOG.replace("String(200)", "Strin(200)") });
    const run = await relgen(dir, ["build", "schema.rel", "--out", "out"]);
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(run.stderr).toMatch(/^schema\.rel:\d+:\d+ error\[E\d{4}\]: .*Strin/m);
    expect(run.stderr).toContain("^");
    expect(run.stderr).toContain("help:");
    expect(run.stderr).toContain("String");
    expect(run.stderr).not.toContain("\u001b["); // no colour off a terminal
    expect(run.stdout).toContain("nothing was written");
  });

  test("colour only on a terminal, and NO_COLOR turns it off", async () => {
    const dir = project({ "schema.rel": "entity A { id Strng @id }" });
    expect((await relgen(dir, ["check", "schema.rel"], {}, true)).stderr).toContain("\u001b[");
    expect((await relgen(dir, ["check", "schema.rel"], { NO_COLOR: "1" }, true)).stderr).not.toContain("\u001b[");
  });

  test("a schema error leaves earlier output untouched", async () => {
    const dir = project({ "schema.rel": BLOG });
    await relgen(dir, ["build", "schema.rel", "--out", "out"]);
    const before = readFileSync(join(dir, "out/models/user.ts"), "utf8");
    writeFileSync(join(dir, "schema.rel"), BLOG.replace("entity Post", "entity Post Post"));
    expect((await relgen(dir, ["build", "schema.rel", "--out", "out"])).code).toBe(1);
    expect(readFileSync(join(dir, "out/models/user.ts"), "utf8")).toBe(before);
  });

  test("files no longer generated are removed; files relgen did not write are kept", async () => {
    const dir = project({ "schema.rel": BLOG });
    await relgen(dir, ["build", "schema.rel", "--out", "out"]);
    writeFileSync(join(dir, "out/models/mine.ts"), "export const mine = 1;\n");
    writeFileSync(
      join(dir, "schema.rel"),
      BLOG.replace(/entity Post \{[^}]*\}/, "").replace("posts Post[] @backref(author) @cascade(all, delete-orphan)", ""),
    );
    const run = await relgen(dir, ["build", "schema.rel", "--out", "out"]);
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, "out/models/post.ts"))).toBe(false);
    expect(existsSync(join(dir, "out/models/mine.ts"))).toBe(true);
    expect(run.stdout).toMatch(/[1-9]\d* removed/);
  });

  test("--format json prints the diagnostics in one JSON document on stdout", async () => {
    const dir = project({ "schema.rel": "entity A { id Int @id\n  b Bee }" });
    const run = await relgen(dir, ["build", "schema.rel", "--format", "json"]);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { command: string; ok: boolean; diagnostics: Array<{ code: string; line: number; file: string }> };
    expect([doc.command, doc.ok]).toEqual(["build", false]);
    const diagnostics = doc.diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ file: "schema.rel", line: 2 });
    expect(diagnostics[0]!.code).toMatch(/^E\d{4}$/);
  });

  test("an output path blocked by a file says so and writes nothing", async () => {
    const dir = project({ "schema.rel": BLOG, "out": "not a directory\n" });
    const run = await relgen(dir, ["build", "schema.rel", "--out", "out"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/cannot write out\/\S+: a file is in the way where a directory is needed/);
    expect(run.stdout).not.toContain("internal error");
    expect(readFileSync(join(dir, "out"), "utf8")).toBe("not a directory\n");
  });

  test("a write that fails partway leaves the previous output whole, with no temporary files", async () => {
    const dir = project({ "schema.rel": BLOG });
    await relgen(dir, ["build", "schema.rel", "--out", "out"]);
    const before = Object.fromEntries(tree(join(dir, "out")).map((f) => [f, readFileSync(join(dir, "out", f), "utf8")]));
    // every model changes (the doc comment and the length are in them); post.ts is blocked by a directory
    writeFileSync(join(dir, "schema.rel"), BLOG.replace("String(200)", "String(250)").replace("Someone who writes.", "A writer."));
    rmSync(join(dir, "out/models/post.ts"));
    mkdirSync(join(dir, "out/models/post.ts"));
    const run = await relgen(dir, ["build", "schema.rel", "--out", "out"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("cannot write out/models/post.ts: a directory is in the way");
    const after = tree(join(dir, "out"));
    expect(after.filter((f) => f.endsWith(".relgen-tmp"))).toEqual([]);
    for (const [file, text] of Object.entries(before)) {
      if (file === "models/post.ts") continue;
      expect(readFileSync(join(dir, "out", file), "utf8")).toBe(text);
    }
  });

  test("a schema path that is a directory is a clear error", async () => {
    const dir = project({ "db/schema.rel": BLOG });
    const run = await relgen(dir, ["check", "db"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('schema file "db" cannot be read: it is a directory');
  });

  test("a missing schema file is a located error, exit 1", async () => {
    const run = await relgen(project({}), ["build", "nope.rel"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("nope.rel");
  });
});

describe("relgen build --check", () => {
  test("passes on fresh output and names each stale file otherwise, writing nothing", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["build", "schema.rel", "--out", "out"])).code).toBe(0);
    expect((await relgen(dir, ["build", "schema.rel", "--out", "out", "--check"])).code).toBe(0);

    writeFileSync(join(dir, "out/models/user.ts"), "// edited by hand\n");
    rmSync(join(dir, "out/schema.ts"));
    const run = await relgen(dir, ["build", "schema.rel", "--out", "out", "--check"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/changed\s+.*models\/user\.ts/);
    expect(run.stdout).toMatch(/missing\s+.*schema\.ts/);
    expect(readFileSync(join(dir, "out/models/user.ts"), "utf8")).toBe("// edited by hand\n");
    expect(existsSync(join(dir, "out/schema.ts"))).toBe(false);
  });

  test("fails when nothing was generated yet", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["build", "schema.rel", "--check"])).code).toBe(1);
    expect(existsSync(join(dir, "generated"))).toBe(false);
  });
});

describe("relgen check", () => {
  test("validates without writing and summarises the schema", async () => {
    const dir = project({ "schema.rel": BLOG });
    const run = await relgen(dir, ["check", "schema.rel"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("schema.rel: ok (2 entities, 2 tables, 0 enums)");
    expect(readdirSync(dir)).toEqual(["schema.rel"]);
  });

  test("reports every problem at once", async () => {
    const dir = project({ "schema.rel": "entity A { id Int @id\n  x Strng\n  y Flaot }" });
    const run = await relgen(dir, ["check", "schema.rel"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("schema.rel:2:");
    expect(run.stderr).toContain("schema.rel:3:");
    expect(run.stderr).toMatch(/2 errors/);
  });
});
