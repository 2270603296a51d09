// `npm run bench:diagram`: how long `relgen diagram` takes to draw the blog
// fixture and the 1,000-entity synthetic schema (bench/scale/synthetic.ts),
// whole and with --focus, as Mermaid and as SVG. Compiling is not counted
// (it is `relgen check`'s time); loading Graphviz's WebAssembly is, once, apart.
import { readFileSync } from "node:fs";
import { compileSource, type SchemaIR } from "@relgen/dsl";
import { syntheticSchema } from "../bench/scale/synthetic.js";
import { renderDiagram, type DiagramFormat } from "../packages/generator/src/diagram/index.js";

const RUNS = Number(process.env.RUNS ?? 3);

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const schemas: Array<[string, SchemaIR, string]> = [
  ["blog", compileSource(readFileSync(new URL("../fixtures/blog/schema.rel", import.meta.url), "utf8")).ir!, "Post"],
  ["synthetic 1,000", compileSource(syntheticSchema(1000)).ir!, "Team80"],
];

const started = performance.now();
await renderDiagram(schemas[0]![1], { sourceName: "warm-up", formats: ["svg"] });
console.log(`Graphviz (WebAssembly) loaded and first SVG drawn: ${(performance.now() - started).toFixed(0)} ms`);

console.log(`| schema | boxes | lines | picture | whole | --focus X --depth 2 |`);
console.log(`|---|---:|---:|---|---:|---:|`);
for (const [name, ir, focus] of schemas) {
  for (const format of ["mermaid", "svg"] as DiagramFormat[]) {
    const whole = await renderDiagram(ir, { sourceName: name, formats: [format] });
    const part = await renderDiagram(ir, { sourceName: name, formats: [format], focus: { name: focus, depth: 2 } });
    if (!whole.ok || !part.ok) throw new Error("the focus must exist");
    const wholeMs = await median(() => renderDiagram(ir, { sourceName: name, formats: [format] }));
    const partMs = await median(() => renderDiagram(ir, { sourceName: name, formats: [format], focus: { name: focus, depth: 2 } }));
    console.log(
      `| ${name} | ${whole.model.nodes.length} (focus ${part.model.nodes.length}) | ${whole.model.edges.length} (focus ${part.model.edges.length}) | ${format} | ${wholeMs.toFixed(0)} ms | ${partMs.toFixed(0)} ms |`,
    );
  }
}
