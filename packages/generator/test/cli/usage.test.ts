import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { project, relgen } from "./harness.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

describe("relgen usage", () => {
  test("--help lists both commands and exits 0", async () => {
    const run = await relgen(project({}), ["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("relgen build <schema>");
    expect(run.stdout).toContain("relgen check <schema>");
    expect(run.stdout).toContain("Exit codes");
  });

  test("--version prints the package version", async () => {
    const run = await relgen(project({}), ["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  test.each([
    [[], "Name a command"],
    [["frobnicate"], "Unknown argument"],
    [["build"], "Missing required argument: schema"],
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
