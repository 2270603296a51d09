import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { project, relgen } from "./harness.js";

const MESSY_USERS = "entity User{\nid Int @id // the key\n  name String(80)   @unique\n}\n";
const CANONICAL_USERS = "entity User {\n  id   Int        @id // the key\n  name String(80) @unique\n}\n";
const MESSY_MAIN = 'import "users.rel"\nentity Post {  id Int @id\n authorId Int @references(User.id) }\n';
const CANONICAL_MAIN = 'import "users.rel"\n\nentity Post {\n  id       Int @id\n  authorId Int @references(User.id)\n}\n';

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

describe("relgen format", () => {
  test("without files: the schema and every file it imports, rewritten in place", async () => {
    const dir = project({ "schema.rel": MESSY_MAIN, "users.rel": MESSY_USERS, "other.rel": MESSY_USERS });
    const run = await relgen(dir, ["format"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(read(dir, "schema.rel")).toBe(CANONICAL_MAIN);
    expect(read(dir, "users.rel")).toBe(CANONICAL_USERS);
    expect(read(dir, "other.rel")).toBe(MESSY_USERS); // not imported: not touched
    expect(run.stdout).toContain("formatted schema.rel\nformatted users.rel\n");
    // no temporary file is left behind
    expect(readdirSync(dir).sort()).toEqual(["other.rel", "schema.rel", "users.rel"]);
  });

  test("--schema names the entry; a second run changes nothing and rewrites nothing", async () => {
    const dir = project({ "db/main.rel": MESSY_MAIN, "db/users.rel": MESSY_USERS });
    expect((await relgen(dir, ["format", "--schema", "db/main.rel"])).code).toBe(0);
    const mtime = statSync(join(dir, "db/users.rel")).mtimeMs;
    writeFileSync(join(dir, "db/main.rel"), CANONICAL_MAIN);
    const again = await relgen(dir, ["format", "--schema", "db/main.rel"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("0 files reformatted, 2 files already formatted\n");
    expect(statSync(join(dir, "db/users.rel")).mtimeMs).toBe(mtime);
  });

  test("explicit files are formatted alone, their imports left as they are", async () => {
    const dir = project({ "schema.rel": MESSY_MAIN, "users.rel": MESSY_USERS });
    const run = await relgen(dir, ["format", "schema.rel"]);
    expect(run.code).toBe(0);
    expect(read(dir, "schema.rel")).toBe(CANONICAL_MAIN);
    expect(read(dir, "users.rel")).toBe(MESSY_USERS);
  });

  test("--check writes nothing and exits 1 listing the files that would change; 0 once formatted", async () => {
    const dir = project({ "schema.rel": MESSY_MAIN, "users.rel": CANONICAL_USERS });
    const stale = await relgen(dir, ["format", "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("would reformat schema.rel\n");
    expect(stale.stdout).not.toContain("users.rel");
    expect(read(dir, "schema.rel")).toBe(MESSY_MAIN);

    const json = await relgen(dir, ["format", "--check", "--format", "json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ command: "format", ok: false, check: true, files: ["schema.rel", "users.rel"], changed: ["schema.rel"] });

    expect((await relgen(dir, ["format"])).code).toBe(0);
    const clean = await relgen(dir, ["format", "--check"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe("2 files already formatted\n");
  });

  test("a syntax error anywhere: diagnostics printed, exit 1, no file touched", async () => {
    const broken = "entity User {\n  id Int @id(\n}\n";
    const dir = project({ "schema.rel": MESSY_MAIN, "users.rel": broken });
    const run = await relgen(dir, ["format"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/users\.rel:\d+:\d+/);
    expect(run.stderr).toContain("nothing written");
    expect(read(dir, "schema.rel")).toBe(MESSY_MAIN);
    expect(read(dir, "users.rel")).toBe(broken);

    const json = await relgen(dir, ["format", "users.rel", "--format", "json"]);
    expect(json.code).toBe(1);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain("users.rel");
  });

  test("a missing file is a located error, exit 1", async () => {
    const dir = project({ "schema.rel": CANONICAL_MAIN });
    const run = await relgen(dir, ["format", "nope.rel"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("nope.rel");
  });

  test("--help describes the command", async () => {
    const run = await relgen(process.cwd(), ["format", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("relgen format [files..]");
    expect(run.stdout).toContain("--check");
    expect(run.stdout).toContain("--schema");
  });
});
