import { describe, expect, test } from "vitest";
import { fuzz, loadCorpus, SLOW_MS } from "./fuzzer.js";

// 20,000 seeded inputs (about 40 s on a shared 2-core machine); `npm run fuzz`
// runs more. A failure prints its seed and index: `npm run fuzz -- --seed S
// --from I --count 1 --print` shows the text, to keep as a regression test.
const SEED = 20_261_205;
const CHUNK = 5_000;
const corpus = loadCorpus();

describe("fuzzing compileSource", () => {
  test.each([0, 1, 2, 3])(`inputs %i×${CHUNK}…: no throw, no internal error, every diagnostic located, each under ${SLOW_MS} ms`, (chunk) => {
    const report = fuzz({ seed: SEED, count: CHUNK, from: chunk * CHUNK, corpus });
    const failures = report.failures.slice(0, 5).map((f) => ({ seed: SEED, index: f.index, problems: f.problems, text: f.text.slice(0, 500) }));
    expect(failures).toEqual([]);
    expect(report.internalErrors).toBe(0);
    expect(report.slowest.ms).toBeLessThan(SLOW_MS);
    expect(report.valid).toBeGreaterThan(0); // the mutations keep some inputs valid
  }, 120_000);
});
