import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args.js";

const defaultOut = () => "bench/results/latest.md";

describe("bench:compare --gc", () => {
  it("leaves GC alone by default, and a full default run writes the committed results", () => {
    const options = parseArgs([], defaultOut);
    expect(options.gcEachRun).toBe(false);
    expect(options.out).toBe("bench/results/latest.md");
  });

  it("forces a GC before each run with each-run, and such a run does not replace the committed results", () => {
    const options = parseArgs(["--gc", "each-run"], defaultOut);
    expect(options.gcEachRun).toBe(true);
    expect(options.out).toBeUndefined();
  });

  it("takes steady explicitly", () => {
    expect(parseArgs(["--gc", "steady"], defaultOut).gcEachRun).toBe(false);
  });
});
