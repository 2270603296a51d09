import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSource } from "@relgen/dsl";
import { runRelgen } from "@relgen/generator";
import { afterEach, describe, expect, it } from "vitest";
import { parseOneFileReport } from "../scale/one-model.js";
import { parseBuildFiles } from "../scale/rebuild.js";
import { syntheticSchema, withOneEntityChanged } from "../scale/synthetic.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** relgen build in process, its stdout and stderr as a fresh process would print them. */
async function relgen(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runRelgen(argv, {
    cwd,
    env: { NO_COLOR: "1", RELGEN_PROGRESS: "0" },
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe("bench:scale's rebuild", () => {
  it.each([1, 7, 12, 100])("adds one column to the last group's account at %i entities, and the schema still compiles", (n) => {
    const before = syntheticSchema(n);
    const { text, change } = withOneEntityChanged(before, n);
    const last = `Account${Math.ceil(n / 6) - 1}`;
    expect(change).toBe(`${last}.nickname String(40)? added`);
    expect(text.split("\n").length).toBe(before.split("\n").length + 1);
    const ir = compileSource(text);
    expect(ir.diagnostics).toEqual([]);
    expect(ir.ir!.entities.find((e) => e.name === last)!.columns.map((c) => c.name)).toContain("nickname");
  });

  it("reads what relgen build wrote from its text summary and from --format json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "relgen-scale-test-"));
    dirs.push(dir);
    writeFileSync(join(dir, "schema.rel"), syntheticSchema(7));
    const first = await relgen(dir, "build", "schema.rel", "--out", "generated");
    expect(first.code).toBe(0);
    const built = parseBuildFiles(first.stdout, first.stderr)!;
    expect(built).toMatchObject({ unchanged: 0, removed: 0, writtenPaths: undefined });
    expect(built.written).toBeGreaterThan(10);

    writeFileSync(join(dir, "schema.rel"), withOneEntityChanged(readFileSync(join(dir, "schema.rel"), "utf8"), 7).text);
    const again = await relgen(dir, "build", "schema.rel", "--out", "generated", "--format", "json");
    expect(again.code).toBe(0);
    const rebuilt = parseBuildFiles(again.stdout, again.stderr)!;
    expect(rebuilt.writtenPaths).toContain("generated/models/account1.ts");
    expect(rebuilt.writtenPaths).not.toContain("generated/models/account0.ts");
    expect(rebuilt.written).toBe(rebuilt.writtenPaths!.length);
    // The migrations already written are not planned again (the change is left for `migrate dev`).
    expect(rebuilt.unchanged).toBeGreaterThan(rebuilt.written);
    expect(rebuilt.written + rebuilt.unchanged).toBeLessThanOrEqual(built.written);
    expect(rebuilt.ms).toBeGreaterThanOrEqual(0);
  });

  it("reads nothing from output without a summary", () => {
    expect(parseBuildFiles("", "relgen: error: no such file")).toBeUndefined();
    expect(parseBuildFiles("{ not json", "")).toBeUndefined();
  });
});

describe("bench:scale's one-file check", () => {
  it("reads check-one-file.mjs's report line among other output", () => {
    const report = { files: 304, programMs: 900, checkMs: 120, instantiations: 7, types: 900, errors: 0 };
    expect(parseOneFileReport(`warming up\nrelgen-scale-one-file ${JSON.stringify(report)}\n`)).toEqual(report);
    expect(parseOneFileReport("relgen-scale-one-file\n")).toBeUndefined();
  });
});
