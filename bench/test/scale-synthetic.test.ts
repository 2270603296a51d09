import { compileSource, type RelationIR } from "@relgen/dsl";
import { describe, expect, it } from "vitest";
import { parseScaleArgs } from "../scale/args.js";
import { ROLES_PER_GROUP, syntheticSchema } from "../scale/synthetic.js";

describe("bench:scale's synthetic schema", () => {
  // Every prefix length of a group, two whole groups, and a larger size that links many groups.
  it.each([1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 60])("compiles without a single diagnostic at %i entities", (n) => {
    const result = compileSource(syntheticSchema(n));
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.entities).toHaveLength(n);
  });

  it("is byte-identical from run to run, and the seed changes it", () => {
    expect(syntheticSchema(120)).toBe(syntheticSchema(120));
    expect(syntheticSchema(120, { seed: 7 })).toBe(syntheticSchema(120, { seed: 7 }));
    expect(syntheticSchema(120, { seed: 7 })).not.toBe(syntheticSchema(120));
  });

  it("uses every relation kind of the spec, self-reference, association tables and entities, and enums", () => {
    const ir = compileSource(syntheticSchema(2 * ROLES_PER_GROUP)).ir!;
    const relations: RelationIR[] = ir.entities.flatMap((e) => e.relations);
    const kinds = new Set(relations.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(["many-to-many", "many-to-one", "one-to-many", "one-to-one"]);
    // Self-referential: a tree (one-to-many) and a follower graph (many-to-many).
    expect(new Set(relations.filter((r) => r.selfReferential).map((r) => r.kind))).toEqual(new Set(["one-to-many", "many-to-one", "many-to-many"]));
    // Many-to-many through a plain table and through an association entity with payload.
    expect(relations.some((r) => r.kind === "many-to-many" && r.through?.entity === undefined)).toBe(true);
    expect(relations.some((r) => r.kind === "many-to-many" && r.through?.entity !== undefined)).toBe(true);
    expect(relations.some((r) => r.inverse !== undefined && !r.fromBackref)).toBe(true);
    expect(ir.tables.length).toBeGreaterThan(0);
    expect(ir.enums.length).toBe(2);
  });

  it("has about eleven to thirteen lines of .rel per entity", () => {
    const perEntity = syntheticSchema(600).split("\n").length / 600;
    expect(perEntity).toBeGreaterThan(10);
    expect(perEntity).toBeLessThan(14);
  });
});

describe("bench:scale options", () => {
  it("runs 100, 1,000 and 10,000 by default, and only the default run writes the committed table", () => {
    expect(parseScaleArgs([])).toMatchObject({ sizes: [100, 1000, 10_000], defaultSizes: true, out: undefined });
    expect(parseScaleArgs(["--sizes", "100,1000"])).toMatchObject({ sizes: [100, 1000], defaultSizes: false });
  });

  it("collects repeated baselines and rejects what it cannot use", () => {
    expect(parseScaleArgs(["--baseline", "main", "--baseline", "HEAD~3"]).baselines).toEqual(["main", "HEAD~3"]);
    expect(() => parseScaleArgs(["--sizes", "100,x"])).toThrow(/positive integers/);
    expect(() => parseScaleArgs(["--timeout-s", "0"])).toThrow(/positive integers/);
    expect(() => parseScaleArgs(["--fast"])).toThrow(/unknown option --fast/);
  });
});
