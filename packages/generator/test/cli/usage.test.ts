import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { BLOG, project, relgen } from "./harness.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

describe("relgen usage", () => {
  test("--help lists every command and exits 0", async () => {
    const run = await relgen(project({}), ["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("relgen build [schema]");
    expect(run.stdout).toContain("relgen check [schema]");
    expect(run.stdout).toContain("relgen init");
    expect(run.stdout).toContain("Exit codes");
  });

  test("--version prints the package version", async () => {
    const run = await relgen(project({}), ["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  test.each([
    [[], "Name a command"],
    [["frobnicate"], "unknown command \"frobnicate\""],
    [["build"], "no schema given"],
    [["build", "schema.rel", "--bogus"], "Unknown argument"],
    [["build", "schema.rel", "--dialect", "oracle"], 'unknown dialect "oracle"'],
    [["check", "schema.rel", "--format", "xml"], "Invalid values"],
  ])("usage error %j exits 2 and says why", async (args, message) => {
    const run = await relgen(project({}), args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("relgen --help");
  });

  test("the bin runs as a process", () => {
    const bin = fileURLToPath(new URL("../../bin/relgen.mjs", import.meta.url));
    const child = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe(pkg.version);
  });
});

describe("a mistyped command", () => {
  test("relgen bild: exit 2 with the command it was probably meant to be, nothing else runs", async () => {
    const dir = project({ "schema.rel": BLOG });
    const run = await relgen(dir, ["bild", "schema.rel"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "bild": did you mean `build`?');
    expect(readdirSync(dir)).toEqual(["schema.rel"]);
  });

  test("relgen migrate deplyo suggests deploy; a word near nothing lists the commands", async () => {
    const dir = project({});
    const typo = await relgen(dir, ["migrate", "deplyo"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown migrate command "deplyo": did you mean `deploy`?');
    const far = await relgen(dir, ["frobnicate"]);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('unknown command "frobnicate"; the commands are init, build, check, migrate');
  });
});

describe("usage errors with --format json", () => {
  test.each([
    [["bild", "--format", "json"], /did you mean `build`/],
    [["build", "s.rel", "--watch", "--check", "--format=json"], /--watch and --check cannot be combined/],
    [["build", "s.rel", "--dialect", "oracle", "--format", "json"], /unknown dialect "oracle"/],
  ])("relgen %j prints one JSON document on stdout (exit 2)", async (argv, message) => {
    const run = await relgen(project({ "s.rel": BLOG }), argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout) as { command: unknown; ok: boolean; error: { code: string; message: string; hint?: string } };
    expect(Object.keys(doc)).toEqual(["command", "ok", "error"]);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe("usage");
    expect(doc.error.message).toMatch(message);
  });
});
