import { suggest } from "@relgen/dsl";
import type { DiagramModel } from "./model.js";

export type FocusResult =
  | { readonly ok: true; readonly model: DiagramModel }
  | { readonly ok: false; readonly message: string; readonly help: string };

/**
 * The neighbourhood of one box in a large schema: every box at most `depth`
 * lines away (any line: a relation, a many-to-many, a foreign key), and the
 * lines between the boxes kept. An association table is one line from each
 * entity it links, so a many-to-many's table shows once both ends are in.
 */
export function focusModel(model: DiagramModel, focus: string, depth: number): FocusResult {
  const ids = model.nodes.map((n) => n.id);
  if (!ids.includes(focus)) {
    const near = suggest(focus, ids);
    return {
      ok: false,
      message: `--focus names no entity or table: "${focus}"`,
      help: near === undefined ? "name an entity (or a `table`) of the schema, as written in it" : `did you mean \`${near}\`?`,
    };
  }
  const neighbours = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of model.edges) {
    neighbours.get(edge.from)?.push(edge.to);
    neighbours.get(edge.to)?.push(edge.from);
  }
  const kept = new Set([focus]);
  let frontier = [focus];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of neighbours.get(id) ?? []) {
        if (kept.has(other)) continue;
        kept.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  return {
    ok: true,
    model: {
      nodes: model.nodes.filter((n) => kept.has(n.id)),
      edges: model.edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
    },
  };
}
