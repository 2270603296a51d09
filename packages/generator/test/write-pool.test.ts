import { describe, expect, it } from "vitest";
import { mapLimit } from "../src/write/pool.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("mapLimit", () => {
  it("keeps at most `limit` calls running and returns results in input order", async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n, i) => {
      most = Math.max(most, ++running);
      for (let k = 0; k < n; k++) await tick();
      running--;
      return `${i}:${n}`;
    });
    expect(results).toEqual(["0:5", "1:1", "2:4", "3:2", "4:3", "5:0", "6:6"]);
    expect(most).toBe(3);
  });

  it("throws the first failure only after the calls already running have settled, starting no new ones", async () => {
    const settled: number[] = [];
    const started: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      if (n === 0) throw new Error("first");
      for (let k = 0; k < 3; k++) await tick();
      settled.push(n);
    });
    await expect(run).rejects.toThrow("first");
    expect(settled).toEqual([1]);
    expect(started).toEqual([0, 1]);
  });

  it("handles no items", async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
