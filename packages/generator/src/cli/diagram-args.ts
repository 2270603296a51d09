import { extname } from "node:path";
import type { Argv } from "yargs";
import { EXTENSIONS, type DiagramFormat } from "../diagram/index.js";
import type { DiagramArgs, OutputFormat } from "./args.js";

export type { DiagramFormat };

export const DIAGRAM_DESCRIPTION = "Draw the schema: a Mermaid erDiagram (.mmd) and a laid-out SVG";

const EMIT = ["both", "mermaid", "svg"] as const;

/** The options of `relgen diagram [schema]`. `--emit`, not `--format`: that one already says how relgen reports (text or json). */
export function diagramOptions<T>(y: Argv<T>) {
  return y
    .positional("schema", { type: "string", describe: "The entry .rel file (default: \"schema\" from relgen.config.json or package.json's \"relgen\" key)" })
    .option("out", { alias: "o", type: "string", default: "diagrams", describe: "A folder (files named after the schema), or a file ending in .mmd or .svg" })
    .option("emit", { choices: EMIT, describe: "Which pictures: mermaid (.mmd), svg, or both (default: both; with --out x.svg, that one)" })
    .option("focus", { type: "string", describe: "Only this entity (or association table) and its neighbourhood" })
    .option("depth", { type: "number", describe: "With --focus: how many relation hops to keep (default 1)" })
    .example("$0 diagram db/schema.rel --out docs/diagrams", "Write docs/diagrams/schema.mmd and docs/diagrams/schema.svg")
    .example("$0 diagram --focus Order --depth 2 --out order.svg", "Order and everything two relations away, as SVG");
}

/** The parsed `relgen diagram` options, or why they cannot be used. */
export function diagramArgs(parsed: Record<string, unknown>, schema: string, format: OutputFormat): DiagramArgs | string {
  const out = String(parsed.out); // yargs' default fills it
  const fromExtension = (Object.keys(EXTENSIONS) as DiagramFormat[]).find((f) => EXTENSIONS[f] === extname(out));
  const emit = parsed.emit as (typeof EMIT)[number] | undefined;
  if (fromExtension !== undefined && emit !== undefined && emit !== "both" && emit !== fromExtension) {
    return `--out ${out} names a ${EXTENSIONS[fromExtension]} file but --emit is ${emit}; drop --emit, or name a ${EXTENSIONS[emit]} file`;
  }
  const formats: readonly DiagramFormat[] = emit === undefined ? (fromExtension === undefined ? ["mermaid", "svg"] : [fromExtension]) : emit === "both" ? ["mermaid", "svg"] : [emit];
  const focus = typeof parsed.focus === "string" ? parsed.focus : undefined;
  const depth = parsed.depth as number | undefined;
  if (depth !== undefined && focus === undefined) return "--depth needs --focus: it counts relation hops from the focused entity";
  if (depth !== undefined && !(Number.isInteger(depth) && depth >= 0)) return `--depth must be a whole number of hops, 0 or more (got ${String(depth)})`;
  return { command: "diagram", schema, out, formats, ...(focus === undefined ? {} : { focus }), depth: depth ?? 1, format };
}
