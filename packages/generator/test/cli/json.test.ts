// `--format json`: every command, success or failure, ends with exactly one
// JSON document on stdout that starts {command, ok} — what a pipeline parses.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BLOG, project, relgen } from "./harness.js";

interface Doc {
  readonly command: string;
  readonly ok: boolean;
  readonly [key: string]: unknown;
}

async function json(cwd: string, args: string[]): Promise<{ code: number; doc: Doc }> {
  const run = await relgen(cwd, [...args, "--format", "json"]);
  const doc = JSON.parse(run.stdout) as Doc; // throws unless stdout is exactly one document
  expect(Object.keys(doc).slice(0, 2)).toEqual(["command", "ok"]);
  expect(doc.ok).toBe(run.code === 0);
  return { code: run.code, doc };
}

describe("--format json, one document per command", () => {
  test("build: files written, then unchanged; check: the counts", async () => {
    const dir = project({ "schema.rel": BLOG });
    const first = await json(dir, ["build", "schema.rel", "--out", "gen", "--dialect", "sqlite"]);
    const files = first.doc.files as { written: string[]; unchanged: string[]; removed: string[] };
    expect(first.doc).toMatchObject({ command: "build", ok: true, schema: "schema.rel", out: "gen", diagnostics: [], uncaptured: [] });
    expect(files.written).toContain("gen/models/user.ts");
    expect(files.unchanged).toEqual([]);
    expect(first.doc.ms).toBeTypeOf("number");
    const again = await json(dir, ["build", "schema.rel", "--out", "gen", "--dialect", "sqlite"]);
    expect((again.doc.files as { written: string[] }).written).toEqual([]);

    const check = await json(dir, ["check", "schema.rel"]);
    expect(check.doc).toMatchObject({ command: "check", ok: true, diagnostics: [], entities: 2, tables: 2, enums: 0 });
  });

  test("build --check: the stale files with their reasons, and the changes no migration captures", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["build", "schema.rel", "--out", "gen", "--dialect", "sqlite"])).code).toBe(0);
    writeFileSync(join(dir, "schema.rel"), BLOG.replace("title  String(200)", "title  String(200)\n  body   String?"));
    const { code, doc } = await json(dir, ["build", "schema.rel", "--out", "gen", "--dialect", "sqlite", "--check"]);
    expect(code).toBe(1);
    expect(doc.stale).toContainEqual({ path: "gen/models/post.ts", reason: "changed" });
    expect((doc.uncaptured as string[]).join("\n")).toMatch(/body/);
    expect(doc.lastMigration).toBe("0001_init");
  });

  test("schema errors: the diagnostics, located, and ok false", async () => {
    const dir = project({ "schema.rel": "entity A {\n  id Int @id\n  b Strng\n}\n" });
    const { code, doc } = await json(dir, ["check", "schema.rel"]);
    expect(code).toBe(1);
    expect(doc.diagnostics).toMatchObject([{ code: "E0401", file: "schema.rel", line: 3 }]);
  });

  test("init: what it created, then what it kept", async () => {
    const dir = project({});
    expect((await json(dir, ["init"])).doc).toMatchObject({ command: "init", ok: true, created: ["schema.rel", "relgen.config.json"], kept: [] });
    expect((await json(dir, ["init"])).doc).toMatchObject({ created: [], kept: ["schema.rel", "relgen.config.json"] });
  });

  test("migrate dev writes the next migration; a second run reports none; status and deploy report the database", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["build", "schema.rel", "--out", "gen", "--dialect", "sqlite"])).code).toBe(0);
    writeFileSync(join(dir, "schema.rel"), BLOG.replace("title  String(200)", "title  String(200)\n  body   String?"));
    const dev = await json(dir, ["migrate", "dev", "schema.rel", "--out", "gen", "--name", "add_body"]);
    expect(dev.doc).toMatchObject({ command: "migrate dev", ok: true, migration: "0002_add_body", dialects: ["sqlite"] });
    expect(dev.doc.files).toContain("gen/migrations/sqlite/0002_add_body.sql");
    expect((await json(dir, ["migrate", "dev", "schema.rel", "--out", "gen", "--name", "again"])).doc).toMatchObject({ ok: true, migration: null, since: "0002_add_body" });

    const url = join(dir, "app.db");
    const pending = await json(dir, ["migrate", "status", "--migrations", "gen/migrations", "--url", url]);
    expect(pending.doc).toMatchObject({ command: "migrate status", ok: true, pending: ["0001_init", "0002_add_body"] });
    const deploy = await json(dir, ["migrate", "deploy", "--migrations", "gen/migrations", "--url", url]);
    expect(deploy.doc).toMatchObject({ command: "migrate deploy", ok: true });
    expect(deploy.doc.applied).toHaveLength(2);
  });

  test("a refusal from the migrator is an error object, ok false", async () => {
    const dir = project({ "schema.rel": BLOG });
    const { code, doc } = await json(dir, ["migrate", "deploy", "--migrations", "nowhere", "--url", join(dir, "app.db")]);
    expect(code).toBe(1);
    expect((doc.error as { code: string; message: string }).code).toMatch(/Error$/);
    expect((doc.error as { message: string }).message).toMatch(/nowhere/);
  });
});
