import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BLOG, project, relgen, snapshot } from "./harness.js";

describe("a build of a project with migrations", () => {
  test("writes the code only, the same files as before, and leaves the migrations as they are", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["build", "schema.rel", "--out", "out"])).code).toBe(0);
    const migrations = snapshot(join(dir, "out/migrations"));
    writeFileSync(join(dir, "schema.rel"), BLOG.replace("Someone who writes.", "A writer."));
    const run = await relgen(dir, ["build", "schema.rel", "--out", "out", "--format", "json"]);
    expect(run.code).toBe(0);
    const written = (JSON.parse(run.stdout) as { files: { written: string[] } }).files.written;
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((p) => !p.startsWith("out/migrations/"))).toBe(true);
    expect(snapshot(join(dir, "out/migrations"))).toEqual(migrations);
  });

  // Whether the first migration is still to be written is decided once the
  // build holds the output lock, never from a look taken before it: here the
  // migrations go while the build waits for another build's lock.
  test("decides under the lock: migrations removed while it waits are written afresh", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["build", "schema.rel", "--out", "out"])).code).toBe(0);
    const lock = join(dir, "out/.relgen-lock");
    // A live holder (this process) that the build must wait for.
    writeFileSync(lock, `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() })}\n`);
    writeFileSync(join(dir, "schema.rel"), BLOG.replace("Someone who writes.", "A writer."));
    const build = relgen(dir, ["build", "schema.rel", "--out", "out"], { RELGEN_LOCK_WAIT_MS: "20000" });
    await new Promise((r) => setTimeout(r, 300));
    rmSync(join(dir, "out/migrations"), { recursive: true });
    rmSync(lock);
    const run = await build;
    expect(run.code).toBe(0);
    expect(readdirSync(join(dir, "out/migrations/sqlite")).some((name) => name.startsWith("0001_init"))).toBe(true);
    expect(existsSync(join(dir, "out/migrations/snapshots"))).toBe(true);
  });
});
