// withUnparented places each un-parent write in front of the batch that
// deletes its first parent. A flush can delete more parents than a function
// call takes arguments (Math.min(...parents) overflowed the stack at ~120,000).
import { describe, expect, it } from "vitest";
import type { EntityInfo, RelationInfo } from "../src/model/entity-info.js";
import { ChildrenOf, withUnparented } from "../src/session/by-parent.js";

const unparent = (parents: readonly object[]) => new ChildrenOf({} as EntityInfo, {} as RelationInfo, parents, "unparent");

describe("withUnparented", () => {
  it("puts the write before the batch of its earliest parent", () => {
    const [a, b, c] = [{}, {}, {}];
    const write = unparent([c, b]);
    expect(withUnparented([[a], [b], [c]], [write])).toEqual([[a], [write, b], [c]]);
  });

  it("handles 300,000 parents in one write", () => {
    const parents = Array.from({ length: 300_000 }, () => ({}));
    const write = unparent(parents);
    const batches = [parents.slice(0, 150_000), parents.slice(150_000)];
    const placed = withUnparented(batches, [write]);
    expect(placed[0]![0]).toBe(write);
    expect(placed[0]).toHaveLength(150_001);
    expect(placed[1]).toHaveLength(150_000);
  });
});
