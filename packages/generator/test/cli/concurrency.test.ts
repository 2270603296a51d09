// Issue 9, item 2: two `relgen build` processes into one folder at once.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { BLOG, project, relgen, relgenProcess, snapshot } from "./harness.js";

const ROUNDS = Number(process.env.RELGEN_CONCURRENCY_ROUNDS ?? 20);

test(`two builds into one folder at once end, every round, with one build's complete output and nothing left over (${ROUNDS} rounds)`, async () => {
  // The two builds differ (one writes every dialect, one only SQLite), so the
  // folder must end exactly as one of them alone leaves it, never a mix.
  const schemas = [BLOG, BLOG.replace("Someone who writes.", "A writer.")];
  const variants = [["--dialect", "sqlite"], []];
  const expected = new Map<string, Record<string, string>>();
  for (const [s, schema] of schemas.entries()) {
    for (const [v, flags] of variants.entries()) {
      const alone = project({ "schema.rel": schema });
      await relgen(alone, ["build", "schema.rel", "--out", "out", ...flags]);
      expected.set(`${s}/${v}`, snapshot(join(alone, "out")));
    }
  }
  const dir = project({ "schema.rel": BLOG });
  for (let round = 0; round < ROUNDS; round++) {
    const s = round % 2; // each round changes the schema, so both builds have files to write
    writeFileSync(join(dir, "schema.rel"), schemas[s]!);
    const runs = await Promise.all(variants.map((flags) => relgenProcess(dir, ["build", "schema.rel", "--out", "out", ...flags])));
    for (const run of runs) {
      expect(run.stderr, `round ${round}`).toBe("");
      expect(run.code, `round ${round}: ${run.stdout}`).toBe(0);
    }
    const after = snapshot(join(dir, "out"));
    const matches = [0, 1].filter((v) => JSON.stringify(after) === JSON.stringify(expected.get(`${s}/${v}`)));
    expect(matches.length, `round ${round}: the output is not exactly one build's (files: ${Object.keys(after).join(", ")})`).toBe(1);
  }
}, 600_000);
