import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BLOG, project, relgen, snapshot } from "./harness.js";

describe("relgen.config.mjs / relgen.config.js", () => {
  it.each(["relgen.config.mjs", "relgen.config.js"])("builds from %s (export default), paths relative to it", async (name) => {
    const dir = project({
      "db/schema.rel": BLOG,
      [name]: `export default { schema: "db/schema.rel", out: "src/db", dialects: ["sqlite"] };\n`,
    });
    const run = await relgen(join(dir, "db"), ["build"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, "src/db/migrations/sqlite"))).toBe(true);
    expect(existsSync(join(dir, "src/db/migrations/postgres"))).toBe(false);
  });

  it("validates a JavaScript config like the JSON one, located to the file", async () => {
    const dir = project({ "s.rel": BLOG, "relgen.config.mjs": `export default { schema: "s.rel", outt: "x" };\n` });
    const run = await relgen(dir, ["build"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/relgen\.config\.mjs: "outt": unknown key; did you mean "out"\?/);
    expect(Object.keys(snapshot(dir)).sort()).toEqual(["relgen.config.mjs", "s.rel"]);
  });

  it("says how to fix a config without a default export, or one that throws", async () => {
    const none = await relgen(project({ "s.rel": BLOG, "relgen.config.mjs": `export const schema = "s.rel";\n` }), ["check"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/relgen\.config\.mjs: has no default export; write `export default \{/);
    const broken = await relgen(project({ "s.rel": BLOG, "relgen.config.mjs": `throw new Error("boom");\n` }), ["check"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/relgen\.config\.mjs: could not be loaded \(boom\); fix the file/);
  });

  it("refuses two config files side by side, naming both", async () => {
    const dir = project({
      "s.rel": BLOG,
      "relgen.config.json": JSON.stringify({ schema: "s.rel" }),
      "relgen.config.mjs": `export default { schema: "s.rel" };\n`,
    });
    const run = await relgen(dir, ["build"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("relgen.config.json and relgen.config.mjs: 2 config files in one folder; keep one of them and delete the other");
    expect(existsSync(join(dir, "generated"))).toBe(false);
  });
});
