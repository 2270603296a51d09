import { dotString, dotTooltip, htmlText, shorten } from "./escape.js";
import type { DiagramColumn, DiagramEdge, DiagramModel, DiagramNode, EdgeKind, EndCardinality, NodeKind } from "./model.js";
import { edgeLabel, nodeSubtitle } from "./wording.js";

/**
 * Graphviz DOT for `dot` to lay out: each box an HTML-like table (name,
 * role, doc, then one row per column: name, type, keys), each line a
 * crow's-foot edge. Node and edge `id`s name what they draw, so the SVG can
 * be checked (and styled) by entity and relation.
 */
export function printDot(model: DiagramModel): string {
  const lines = [
    `digraph "relgen" {`,
    `  graph [rankdir=LR, fontname="Helvetica", nodesep=0.6, ranksep=1.1, bgcolor="white"];`,
    `  node [shape=plain, fontname="Helvetica", fontsize=11];`,
    `  edge [fontname="Helvetica", fontsize=9, dir=both, color="#4a5568", fontcolor="#2d3748", labeldistance=2.2];`,
  ];
  for (const node of model.nodes) lines.push(`  ${nodeStatement(node)}`);
  for (const edge of model.edges) lines.push(`  ${edgeStatement(edge)}`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

interface BoxStyle {
  readonly header: string;
  readonly border: string;
  /** The HTML table's STYLE: association tables are dashed, association entities rounded. */
  readonly style?: string;
}

const BOX: Record<NodeKind, BoxStyle> = {
  entity: { header: "#dbe8f6", border: "#2b6cb0" },
  "association-entity": { header: "#fdf2d0", border: "#b7791f", style: "rounded" },
  "association-table": { header: "#edf2f7", border: "#718096", style: "dashed" },
};

function nodeStatement(node: DiagramNode): string {
  const box = BOX[node.kind];
  const subtitle = [node.tableName === undefined ? undefined : `table ${node.tableName}`, nodeSubtitle(node)].filter((s) => s !== undefined);
  const rows = [
    `<TR><TD COLSPAN="4" BGCOLOR="${box.header}"><B>${htmlText(node.id)}</B></TD></TR>`,
    ...(subtitle.length === 0 ? [] : [`<TR><TD COLSPAN="4"><FONT POINT-SIZE="9">${htmlText(subtitle.join(" · "))}</FONT></TD></TR>`]),
    ...(node.doc === undefined ? [] : [`<TR><TD COLSPAN="4" ALIGN="LEFT"><FONT POINT-SIZE="9"><I>${htmlText(shorten(node.doc))}</I></FONT></TD></TR>`]),
    ...node.columns.map(columnRow),
  ];
  const style = box.style === undefined ? "" : ` STYLE="${box.style}"`;
  const table = `<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" COLOR="${box.border}"${style}>${rows.join("")}</TABLE>`;
  const attributes = [`id=${dotString(`node:${node.id}`)}`, `class=${dotString(node.kind)}`];
  if (node.doc !== undefined) attributes.push(`tooltip=${dotTooltip(node.doc)}`);
  attributes.push(`label=<${table}>`);
  return `${dotString(node.id)} [${attributes.join(", ")}];`;
}

function columnRow(column: DiagramColumn): string {
  const type = `${column.type}${column.nullable ? "?" : ""}${column.default === undefined ? "" : ` = ${column.default}`}`;
  const name = column.keys.includes("PK") ? `<U>${htmlText(column.name)}</U>` : htmlText(column.name);
  // Keys first, and a spare cell last: a viewer's font wider than Graphviz's Helvetica metrics runs into the margin, not into the next cell.
  // Graphviz refuses an empty <FONT>, so a column without keys gets an empty cell.
  return (
    `<TR><TD ALIGN="LEFT">${column.keys.length === 0 ? "" : `<FONT POINT-SIZE="9">${column.keys.join(" ")}</FONT>`}</TD>` +
    `<TD ALIGN="LEFT">${name}</TD>` +
    `<TD ALIGN="LEFT"><FONT COLOR="#4a5568">${htmlText(type)}</FONT></TD><TD WIDTH="10"></TD></TR>`
  );
}

/** Crow's foot, read from the box outward: the most rows first, then the fewest. */
const ARROW: Record<EndCardinality, string> = { "exactly-one": "teetee", "zero-or-one": "teeodot", "zero-or-many": "crowodot" };
const LINE: Record<EdgeKind, string> = { relation: "solid", "many-to-many": "dashed", "foreign-key": "dotted" };

function edgeStatement(edge: DiagramEdge): string {
  const attributes = [
    `id=${dotString(`edge:${edge.id}`)}`,
    `class=${dotString(edge.kind)}`,
    `arrowtail=${ARROW[edge.fromEnd]}`,
    `arrowhead=${ARROW[edge.toEnd]}`,
    `style=${LINE[edge.kind]}`,
    `tooltip=${dotTooltip(edgeLabel(edge))}`,
  ];
  // Role names sit at the end they lead to, as in UML: `User.posts` beside Post.
  if (edge.fromName !== undefined) attributes.push(`headlabel=${dotString(edge.fromName)}`);
  if (edge.toName !== undefined) attributes.push(`taillabel=${dotString(edge.toName)}`);
  const middle = edge.kind === "foreign-key" ? edgeLabel(edge) : edge.via === undefined ? undefined : `via ${edge.via}`;
  if (middle !== undefined) attributes.push(`label=${dotString(middle)}`);
  return `${dotString(edge.from)} -> ${dotString(edge.to)} [${attributes.join(", ")}];`;
}
