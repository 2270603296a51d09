import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { BLOG, project, relgen, snapshot } from "./harness.js";

// A build looks for migrations before generating (to skip printing them) and
// decides for real under the output lock. This makes the first look always
// see migrations, so a test can be in the state "they vanished in between".
const peek = vi.hoisted(() => ({ forceSeen: false }));
vi.mock("../../src/project/migrations-folder.js", async (original) => {
  const real = await original<typeof import("../../src/project/migrations-folder.js")>();
  return { ...real, hasSnapshot: async (dir: string) => peek.forceSeen || real.hasSnapshot(dir) };
});

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

  test("whose migrations vanish before the lock is taken refuses, names the folder and changes nothing", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["build", "schema.rel", "--out", "out"])).code).toBe(0);
    rmSync(join(dir, "out/migrations"), { recursive: true });
    writeFileSync(join(dir, "schema.rel"), BLOG.replace("Someone who writes.", "A writer."));
    const before = snapshot(join(dir, "out"));
    peek.forceSeen = true;
    try {
      const run = await relgen(dir, ["build", "schema.rel", "--out", "out"]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("cannot write out/migrations: lost its migrations while this build ran");
      expect(run.stdout).toContain("help: run the build again");
      expect(run.stdout).toContain("nothing was changed");
      expect(snapshot(join(dir, "out"))).toEqual(before);
    } finally {
      peek.forceSeen = false;
    }
    // Run again, it writes the first migration afresh.
    expect((await relgen(dir, ["build", "schema.rel", "--out", "out"])).code).toBe(0);
    expect(Object.keys(snapshot(join(dir, "out/migrations"))).some((p) => p.includes("0001_init"))).toBe(true);
  });
});
