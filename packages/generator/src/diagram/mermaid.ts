import { headerText } from "../views/header.js";
import { mermaidName, mermaidString, mermaidType, mermaidWord, oneLine } from "./escape.js";
import type { DiagramColumn, DiagramEdge, DiagramModel, DiagramNode, EndCardinality } from "./model.js";
import { edgeLabel, nodeSubtitle } from "./wording.js";

export const DIAGRAM_COMMAND = "relgen diagram";

/**
 * Mermaid `erDiagram` text (GitHub and Markdown previews render it). An
 * association table or entity carries its role in its displayed name; a
 * many-to-many is a dashed (non-identifying) line.
 */
export function printMermaid(model: DiagramModel, sourceName: string): string {
  const lines = [`%% ${headerText(sourceName, DIAGRAM_COMMAND)}`, "erDiagram"];
  for (const node of model.nodes) lines.push(...entityBlock(node));
  for (const edge of model.edges) lines.push(`  ${relationshipLine(edge)}`);
  return `${lines.join("\n")}\n`;
}

function entityBlock(node: DiagramNode): string[] {
  const subtitle = nodeSubtitle(node);
  const head = subtitle === undefined ? mermaidName(node.id) : `${mermaidName(node.id)}[${mermaidName(`${node.id} (${subtitle})`)}]`;
  return [
    ...(node.doc === undefined ? [] : [`  %% ${node.id}: ${oneLine(node.doc)}`]),
    `  ${head} {`,
    ...node.columns.map((c) => `    ${attribute(c)}`),
    "  }",
  ];
}

function attribute(column: DiagramColumn): string {
  const notes = [
    ...(column.nullable ? ["nullable"] : []),
    ...(column.default === undefined ? [] : [`default ${column.default}`]),
    ...(column.doc === undefined ? [] : [column.doc]),
  ];
  const keys = column.keys.length === 0 ? "" : ` ${column.keys.join(", ")}`;
  const comment = notes.length === 0 ? "" : ` "${mermaidString(notes.join("; "))}"`;
  return `${mermaidType(column.type)} ${mermaidWord(column.name)}${keys}${comment}`;
}

const LEFT: Record<EndCardinality, string> = { "exactly-one": "||", "zero-or-one": "|o", "zero-or-many": "}o" };
const RIGHT: Record<EndCardinality, string> = { "exactly-one": "||", "zero-or-one": "o|", "zero-or-many": "o{" };

function relationshipLine(edge: DiagramEdge): string {
  const line = edge.kind === "many-to-many" ? ".." : "--";
  return `${mermaidName(edge.from)} ${LEFT[edge.fromEnd]}${line}${RIGHT[edge.toEnd]} ${mermaidName(edge.to)} : "${mermaidString(edgeLabel(edge))}"`;
}
