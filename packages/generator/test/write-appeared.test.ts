import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { OutputError } from "../src/write/errors.js";
import { STAGE_PREFIX } from "../src/write/layout.js";
import { PAUSE_ENV, Staging } from "../src/write/transaction.js";

/**
 * The plan decided a file was missing; another program creates it before the
 * swap reaches it. That file is not relgen's: the build must stop, leave the
 * other program's file alone and undo what it had already moved.
 */
describe("a file that appears between planning and the swap", () => {
  afterEach(() => {
    delete process.env[PAUSE_ENV];
  });

  it("stops the build, keeps that file, and puts back the files already replaced", async () => {
    const dir = mkdtempSync(join(tmpdir(), "relgen-appeared-"));
    writeFileSync(join(dir, "a.ts"), "old a\n");
    writeFileSync(join(dir, "c.ts"), "old c\n");
    // Appeared after planning: the plan below still says it did not exist.
    writeFileSync(join(dir, "b.ts"), "someone else's b\n");
    // One move at a time (a pause point that is never reached), so a.ts is surely replaced before b.ts is tried.
    process.env[PAUSE_ENV] = "1000";
    const root = { dir };
    const staging = new Staging();
    await staging.stage(root, { rel: "a.ts", contents: "new a\n", existed: true });
    await staging.stage(root, { rel: "b.ts", contents: "new b\n", existed: false });
    await staging.stage(root, { rel: "c.ts", contents: null, existed: true });
    const attempt = staging.commit([root]);
    await expect(attempt).rejects.toThrow(OutputError);
    await expect(attempt).rejects.toThrow(/appeared while relgen was writing/);
    expect(readFileSync(join(dir, "a.ts"), "utf8")).toBe("old a\n");
    expect(readFileSync(join(dir, "b.ts"), "utf8")).toBe("someone else's b\n");
    expect(readFileSync(join(dir, "c.ts"), "utf8")).toBe("old c\n");
    expect(readdirSync(dir).filter((n) => n.startsWith(STAGE_PREFIX))).toEqual([]);
  });
});
