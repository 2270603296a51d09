// Issue 9, item 2: two `relgen build` processes into one folder at once.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { BLOG, project, relgen, relgenProcess, snapshot } from "./harness.js";

const ROUNDS = Number(process.env.RELGEN_CONCURRENCY_ROUNDS ?? 20);

test(`two builds into one folder at once end, every round, with one build's complete output and nothing left over (${ROUNDS} rounds)`, async () => {
  // The two builds differ (one writes every dialect, one only SQLite). The
  // first round writes 0001_init: the folder must end exactly as one of them
  // alone leaves it, never a mix. From then on the migrations are history:
  // every later round rewrites the TypeScript and leaves them byte for byte.
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
  const pick = (files: Record<string, string>, migrations: boolean) =>
    Object.fromEntries(Object.entries(files).filter(([path]) => path.startsWith("migrations/") === migrations && path !== ".relgen-manifest.json"));
  const dir = project({ "schema.rel": BLOG });
  let history: Record<string, string> | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const s = round % 2; // each round changes the schema, so both builds have files to write
    writeFileSync(join(dir, "schema.rel"), schemas[s]!);
    const runs = await Promise.all(variants.map((flags) => relgenProcess(dir, ["build", "schema.rel", "--out", "out", ...flags])));
    for (const run of runs) {
      expect(run.stderr, `round ${round}`).toBe("");
      expect(run.code, `round ${round}: ${run.stdout}`).toBe(0);
    }
    const after = snapshot(join(dir, "out"));
    if (history === undefined) {
      const matches = [0, 1].filter((v) => JSON.stringify(after) === JSON.stringify(expected.get(`${s}/${v}`)));
      expect(matches.length, `round ${round}: the output is not exactly one build's (files: ${Object.keys(after).join(", ")})`).toBe(1);
      history = pick(after, true);
      continue;
    }
    expect(pick(after, true), `round ${round}: the migrations changed`).toEqual(history);
    // Both variants write the same TypeScript: it must be the schema's, whole.
    expect(pick(after, false), `round ${round}: the TypeScript is not this schema's`).toEqual(pick(expected.get(`${s}/1`)!, false));
    const manifest = JSON.parse(after[".relgen-manifest.json"]!) as { files: Record<string, string> };
    expect(Object.keys(manifest.files).sort(), `round ${round}: the manifest lists exactly the files`).toEqual(
      Object.keys(after).filter((p) => p !== ".relgen-manifest.json").sort(),
    );
  }
}, 600_000);
