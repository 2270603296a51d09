// Progress lines are for a person at a terminal waiting on a slow build; pipes,
// CI logs and JSON stay quiet. The one-second threshold is lowered to 0 here
// so the slow path is taken without a slow build.
import { describe, expect, it } from "vitest";
import { BLOG, project, relgen, snapshot } from "./harness.js";

const SLOW = { RELGEN_PROGRESS_AFTER_MS: "0" };
// Each stage with what it works on: the blog has 2 entities, 2 tables and 14 output files.
const STAGES = ["relgen: compile schema.rel…", "relgen: generate 2 entities, 2 tables…", "relgen: write 14 files…"];

describe("build progress and timings", () => {
  it("on a terminal, a slow build names each stage and ends with the time each took", async () => {
    const run = await relgen(project({ "schema.rel": BLOG }), ["build", "schema.rel", "--out", "gen"], SLOW, true);
    expect(run.code).toBe(0);
    const lines = run.stderr.split("\n");
    expect(lines.filter((l) => STAGES.includes(l))).toEqual(STAGES);
    expect(run.stderr).toMatch(/^relgen: took \d+ ms \(compile \d+ ms, generate \d+ ms, write \d+ ms\)$/m);
  });

  it("is quiet when stderr is not a terminal, or RELGEN_PROGRESS=0", async () => {
    const piped = await relgen(project({ "schema.rel": BLOG }), ["build", "schema.rel", "--out", "gen"], SLOW, false);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe("");
    const off = await relgen(project({ "schema.rel": BLOG }), ["build", "schema.rel", "--out", "gen"], { ...SLOW, RELGEN_PROGRESS: "0" }, true);
    expect(off.stderr).not.toContain("relgen: compile");
    expect(off.stderr).not.toMatch(/took \d+ ms/);
  });

  it("--quiet: no progress on a terminal, no summary line, even with RELGEN_PROGRESS=1; errors still print", async () => {
    const dir = project({ "schema.rel": BLOG });
    const run = await relgen(dir, ["build", "schema.rel", "--out", "gen", "--quiet"], { ...SLOW, RELGEN_PROGRESS: "1" }, true);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("");
    expect(snapshot(dir)["gen/models/user.ts"]).toContain("class User");
    const check = await relgen(dir, ["build", "schema.rel", "--out", "gen", "--check", "-q"]);
    expect(check.code).toBe(0);
    expect(check.stdout + check.stderr).toBe("");
    const ok = await relgen(dir, ["check", "schema.rel", "--quiet"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout + ok.stderr).toBe("");
    const broken = project({ "schema.rel": BLOG.replace("String(200)", "Strin(200)") });
    const failed = await relgen(broken, ["build", "schema.rel", "--out", "gen", "--quiet"], SLOW, true);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Strin/);
    expect(failed.stdout).toContain("nothing was written");
  });

  it("RELGEN_PROGRESS=1 forces it on outside a terminal", async () => {
    const run = await relgen(project({ "schema.rel": BLOG }), ["build", "schema.rel", "--out", "gen"], { ...SLOW, RELGEN_PROGRESS: "1" }, false);
    expect(run.stderr).toContain("relgen: write 14 files…");
  });

  it("with --format json: no progress lines, the stage timings in the document", async () => {
    const run = await relgen(project({ "schema.rel": BLOG }), ["build", "schema.rel", "--out", "gen", "--format", "json"], SLOW, true);
    expect(run.stderr).not.toContain("relgen: compile");
    const doc = JSON.parse(run.stdout) as { stages: Record<string, number> };
    expect(Object.keys(doc.stages)).toEqual(["compile", "generate", "write"]);
    for (const ms of Object.values(doc.stages)) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it("RELGEN_TIMINGS=1 (bench:scale's hook) adds one JSON line of stage times on stderr and changes nothing else", async () => {
    const plain = project({ "schema.rel": BLOG });
    const timed = project({ "schema.rel": BLOG });
    const without = await relgen(plain, ["build", "schema.rel", "--out", "gen"]);
    const run = await relgen(timed, ["build", "schema.rel", "--out", "gen"], { RELGEN_TIMINGS: "1" });
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/in \d+ ms/, "")).toBe(without.stdout.replace(/in \d+ ms/, ""));
    expect(snapshot(timed)).toEqual(snapshot(plain));
    const line = /^relgen-timings (\{.*\})$/m.exec(run.stderr);
    const { stages } = JSON.parse(line![1]!) as { stages: Record<string, number> };
    expect(Object.keys(stages)).toEqual(["parse", "resolve", "render", "format", "write"]);
    // Rendering and formatting the blog's files take measurable time; the others may round to 0.
    for (const ms of Object.values(stages)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(stages.format).toBeGreaterThan(0);
    expect(without.stderr).toBe("");
  });
});
