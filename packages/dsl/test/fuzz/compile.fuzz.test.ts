import { describe, expect, test } from "vitest";
import { fuzz, loadCorpus } from "./fuzzer.js";

// 20,000 seeded inputs (about 40 s on a shared 2-core machine); `npm run fuzz`
// runs more, and fails an input slower than SLOW_MS (time is measured there,
// not here). Chunks are small so that no test holds the worker long enough for
// vitest's calls to it to time out. A failure prints its seed and index:
// `npm run fuzz -- --seed S --from I --count 1 --print` shows the text, to keep
// as a regression test.
const SEED = 20_261_205;
const CHUNK = 2_500;
const corpus = loadCorpus();

describe("fuzzing compileSource", () => {
  test.each([0, 1, 2, 3, 4, 5, 6, 7])(`inputs %i×${CHUNK}…: no throw, no internal error, every diagnostic located`, (chunk) => {
    const report = fuzz({ seed: SEED, count: CHUNK, from: chunk * CHUNK, corpus });
    const failures = report.failures.slice(0, 5).map((f) => ({ seed: SEED, index: f.index, problems: f.problems, text: f.text.slice(0, 500) }));
    expect(failures).toEqual([]);
    expect(report.internalErrors).toBe(0);
    expect(report.valid).toBeGreaterThan(0); // the mutations keep some inputs valid
  }, 120_000);
});
