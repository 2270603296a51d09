import type { SchemaIR } from "@relgen/dsl";
import { printDot } from "./dot.js";
import { focusModel } from "./focus.js";
import { printMermaid } from "./mermaid.js";
import { diagramModel, type DiagramModel } from "./model.js";
import { renderSvg } from "./svg.js";

export type DiagramFormat = "mermaid" | "svg";
const DIAGRAM_FORMATS: readonly DiagramFormat[] = ["mermaid", "svg"];
export const EXTENSIONS: Readonly<Record<DiagramFormat, string>> = { mermaid: ".mmd", svg: ".svg" };

export interface DiagramOptions {
  /** Named in each file's header (never an absolute path: output must not depend on where it runs). */
  readonly sourceName: string;
  readonly formats: readonly DiagramFormat[];
  /** Only this entity (or association table) and what lies within `depth` lines of it. */
  readonly focus?: { readonly name: string; readonly depth: number };
}

export type DiagramResult =
  | { readonly ok: true; readonly model: DiagramModel; readonly texts: ReadonlyArray<{ readonly format: DiagramFormat; readonly contents: string }> }
  | { readonly ok: false; readonly message: string; readonly help: string };

/** The schema as pictures: model, then each printer. Pure but for Graphviz's loading. */
export async function renderDiagram(ir: SchemaIR, options: DiagramOptions): Promise<DiagramResult> {
  let model = diagramModel(ir);
  if (options.focus !== undefined) {
    const focused = focusModel(model, options.focus.name, options.focus.depth);
    if (!focused.ok) return focused;
    model = focused.model;
  }
  const texts = [];
  for (const format of DIAGRAM_FORMATS.filter((f) => options.formats.includes(f))) {
    const contents = format === "mermaid" ? printMermaid(model, options.sourceName) : await renderSvg(printDot(model), options.sourceName);
    texts.push({ format, contents });
  }
  return { ok: true, model, texts };
}
