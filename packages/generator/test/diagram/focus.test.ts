import { compileSource, type SchemaIR } from "@relgen/dsl";
import { expect, test } from "vitest";
import { syntheticSchema } from "../../../../bench/scale/synthetic.js";
import { renderDiagram } from "../../src/diagram/index.js";
import { readMermaid, readSvg } from "./read-pictures.js";

const ir = compileSource(syntheticSchema(60)).ir!;

/** Boxes within `depth` hops of `start`, from the IR's relations and foreign keys (not from the diagram's model). */
function neighbourhood(schema: SchemaIR, start: string, depth: number): string[] {
  const nodeOf = new Map(schema.tables.map((t) => [t.name, t.entity ?? t.name]));
  const links: Array<[string, string]> = [
    ...schema.entities.flatMap((e) => e.relations.map((r): [string, string] => [e.name, r.target])),
    ...schema.tables.flatMap((t) => t.foreignKeys.map((fk): [string, string] => [nodeOf.get(t.name)!, nodeOf.get(fk.targetTable)!])),
  ];
  let reached = new Set([start]);
  for (let hop = 0; hop < depth; hop++) {
    const next = new Set(reached);
    for (const [a, b] of links) {
      if (reached.has(a)) next.add(b);
      if (reached.has(b)) next.add(a);
    }
    reached = next;
  }
  return [...reached].sort();
}

async function focused(name: string, depth: number) {
  const result = await renderDiagram(ir, { sourceName: "synthetic.rel", formats: ["mermaid", "svg"], focus: { name, depth } });
  if (!result.ok) throw new Error(result.message);
  const [mermaid, svg] = result.texts.map((t) => t.contents);
  return { mermaid: readMermaid(mermaid!), svg: readSvg(svg!) };
}

test.each([0, 1, 2])("--focus Team4 --depth %i keeps exactly the boxes that many hops away, in both pictures", async (depth) => {
  const expected = neighbourhood(ir, "Team4", depth);
  const { mermaid, svg } = await focused("Team4", depth);
  expect([...mermaid.entities.keys()].sort()).toEqual(expected);
  expect(svg.nodes.map((n) => n.title).sort()).toEqual(expected);
  // lines only between kept boxes, and every relation among them kept
  for (const line of mermaid.relationships) expect(expected).toEqual(expect.arrayContaining([line.from, line.to]));
  const among = ir.entities.filter((e) => expected.includes(e.name)).flatMap((e) => e.relations.filter((r) => expected.includes(r.target)).map((r) => `${e.name}.${r.name}`));
  const drawn = svg.edges.flatMap((e) => e.id.replace(/^edge:/, "").split("+"));
  for (const relation of among) expect(drawn).toContain(relation);
  if (depth === 0) expect(expected).toEqual(["Team4"]);
  else expect(expected.length).toBeGreaterThan(neighbourhood(ir, "Team4", depth - 1).length);
});

test("a depth beyond the schema's diameter keeps the whole (connected) schema", async () => {
  const { mermaid } = await focused("Account0", 1000);
  expect(mermaid.entities.size).toBe(ir.tables.length);
});

test("an unknown focus is refused with the nearest name", async () => {
  const result = await renderDiagram(ir, { sourceName: "synthetic.rel", formats: ["mermaid"], focus: { name: "Taem4", depth: 1 } });
  expect(result).toEqual({ ok: false, message: '--focus names no entity or table: "Taem4"', help: "did you mean `Team4`?" });
});
