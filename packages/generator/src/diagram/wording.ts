import type { DiagramEdge, DiagramNode } from "./model.js";

/** What both pictures write beside a box's name: its role, when it is not a plain entity. */
export function nodeSubtitle(node: DiagramNode): string | undefined {
  switch (node.kind) {
    case "entity":
      return undefined;
    case "association-entity":
      return "association entity";
    case "association-table":
      return "association table";
  }
}

/**
 * A line's one-line label: the relation names from `from`'s side then `to`'s
 * (`posts / author`), what a many-to-many reads through, or a foreign key's columns.
 */
export function edgeLabel(edge: DiagramEdge): string {
  if (edge.kind === "foreign-key") return `fk ${(edge.columns ?? []).join(", ")}`;
  const names = [edge.fromName, edge.toName].filter((n): n is string => n !== undefined).join(" / ");
  return edge.via === undefined ? names : `${names} via ${edge.via}`;
}
