import { XMLParser, XMLValidator } from "fast-xml-parser";

/** A Mermaid erDiagram read back line by line, the way Mermaid's grammar reads it. */
export interface MermaidDiagram {
  /** Entity id → its displayed label (the alias, when there is one) and attributes. */
  readonly entities: Map<string, { readonly label?: string; readonly attributes: MermaidAttribute[] }>;
  readonly relationships: MermaidRelationship[];
}

export interface MermaidAttribute {
  readonly type: string;
  readonly name: string;
  readonly keys: readonly string[];
  readonly comment?: string;
}

export interface MermaidRelationship {
  readonly from: string;
  readonly to: string;
  /** `||`, `|o` or `}o` on the left; `||`, `o|` or `o{` on the right. */
  readonly left: string;
  readonly right: string;
  readonly dashed: boolean;
  readonly label: string;
}

const ENTITY = /^ {2}"([^"%\\]+)"(?:\["([^"%\\]+)"\])? \{$/;
const ATTRIBUTE = /^ {4}([A-Za-z_][\w()[\]-]*) ([A-Za-z_]\w*)((?: (?:PK|FK|UK),?)*)(?: "([^"]*)")?$/;
const RELATIONSHIP = /^ {2}"([^"%\\]+)" (\|\||\|o|\}o)(--|\.\.)(\|\||o\||o\{) "([^"%\\]+)" : "([^"]*)"$/;

/** Throws on any line that is none of: header comment, `erDiagram`, comment, entity block, attribute, relationship. */
export function readMermaid(text: string): MermaidDiagram {
  const entities: MermaidDiagram["entities"] = new Map();
  const relationships: MermaidRelationship[] = [];
  const lines = text.split("\n");
  if (lines.pop() !== "") throw new Error("the text does not end with a newline");
  if (lines[1] !== "erDiagram") throw new Error(`line 2 is not "erDiagram": ${lines[1]}`);
  let open: MermaidAttribute[] | undefined;
  for (const [i, line] of lines.entries()) {
    if (i === 1 || /^\s*%%/.test(line)) continue;
    let m: RegExpExecArray | null;
    if (open !== undefined) {
      if (line === "  }") open = undefined;
      else if ((m = ATTRIBUTE.exec(line))) {
        open.push({ type: m[1]!, name: m[2]!, keys: m[3]!.split(/[ ,]+/).filter(Boolean), ...(m[4] === undefined ? {} : { comment: m[4] }) });
      } else throw new Error(`line ${i + 1} is not an attribute: ${line}`);
    } else if ((m = ENTITY.exec(line))) {
      if (entities.has(m[1]!)) throw new Error(`entity ${m[1]} is declared twice`);
      open = [];
      entities.set(m[1]!, { ...(m[2] === undefined ? {} : { label: m[2] }), attributes: open });
    } else if ((m = RELATIONSHIP.exec(line))) {
      relationships.push({ from: m[1]!, left: m[2]!, dashed: m[3] === "..", right: m[4]!, to: m[5]!, label: m[6]! });
    } else throw new Error(`line ${i + 1} is not Mermaid erDiagram: ${line}`);
  }
  if (open !== undefined) throw new Error("an entity block is not closed");
  return { entities, relationships };
}

export interface SvgGroup {
  readonly id: string;
  readonly classes: readonly string[];
  readonly title: string;
  /** What a viewer shows on hover: the link Graphviz wraps around a node or edge with a tooltip. */
  readonly tooltip?: string;
}

/** The SVG's `<g class="node …">` and `<g class="edge …">` groups; throws unless the text is well-formed XML with one `<svg>` root. */
export function readSvg(text: string): { readonly nodes: SvgGroup[]; readonly edges: SvgGroup[] } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", htmlEntities: true, isArray: (name) => name === "g" }).parse(text) as Record<string, unknown>;
  const roots = Object.keys(document).filter((k) => !k.startsWith("?") && k !== "#comment");
  if (roots.length !== 1 || roots[0] !== "svg") throw new Error(`the root elements are ${roots.join(", ")}, not one <svg>`);
  const nodes: SvgGroup[] = [];
  const edges: SvgGroup[] = [];
  const walk = (element: unknown): void => {
    if (typeof element !== "object" || element === null) return;
    for (const group of ((element as { g?: unknown[] }).g ?? []) as Array<Record<string, unknown>>) {
      const classes = String(group.class ?? "").split(/\s+/);
      const link = ((group.g as Array<{ a?: Record<string, unknown> }> | undefined) ?? [])[0]?.a;
      const tooltip = link?.["xlink:title"];
      const entry = { id: String(group.id ?? ""), classes, title: String(group.title ?? ""), ...(tooltip === undefined ? {} : { tooltip: String(tooltip) }) };
      if (classes[0] === "node") nodes.push(entry);
      if (classes[0] === "edge") edges.push(entry);
      walk(group);
    }
  };
  walk(document.svg);
  return { nodes, edges };
}
