import type { RelationIR, SchemaIR } from "@relgen/dsl";
import { describe, expect, test } from "vitest";
import { compileCase, validCases } from "../../../../fixtures/test/support/cases.js";
import { renderDiagram } from "../../src/diagram/index.js";
import { readMermaid, readSvg, type MermaidDiagram } from "./read-pictures.js";

/**
 * Every fixture that compiles, drawn both ways: each entity and association
 * table is a box in both pictures, each relation a line between the right
 * boxes with the right ends, read back from the Mermaid lines and from the
 * SVG's node and edge groups (not by searching for names).
 */
const cases = validCases()
  .map((c) => ({ name: c.name, ir: compileCase(c).ir }))
  .filter((c): c is { name: string; ir: SchemaIR } => c.ir !== undefined);

async function draw(ir: SchemaIR) {
  const result = await renderDiagram(ir, { sourceName: "schema.rel", formats: ["mermaid", "svg"] });
  if (!result.ok) throw new Error(result.message);
  const text = (format: string) => result.texts.find((t) => t.format === format)!.contents;
  return { mermaid: text("mermaid"), svg: text("svg") };
}

/** Which end of a relation's line holds many rows, from the relation's kind alone. */
function manyEnds(relation: RelationIR): { readonly owner: boolean; readonly target: boolean } {
  switch (relation.kind) {
    case "many-to-many":
      return { owner: true, target: true };
    case "one-to-many":
      return { owner: false, target: true };
    case "many-to-one":
      return { owner: true, target: false };
    case "one-to-one":
      return { owner: false, target: false };
  }
}

function mermaidLineOf(diagram: MermaidDiagram, owner: string, relation: RelationIR) {
  return diagram.relationships.find(
    (r) =>
      ((r.from === owner && r.to === relation.target) || (r.to === owner && r.from === relation.target)) &&
      r.label.split(/ \/ | via /).includes(relation.name),
  );
}

test("there are fixtures to draw, with every kind of relation among them", () => {
  expect(cases.length).toBeGreaterThanOrEqual(15);
  const kinds = new Set(cases.flatMap((c) => c.ir.entities.flatMap((e) => e.relations.map((r) => r.kind))));
  expect([...kinds].sort()).toEqual(["many-to-many", "many-to-one", "one-to-many", "one-to-one"]);
});

describe.each(cases)("$name", ({ ir }) => {
  test("every entity, association table, key and relation is in the Mermaid text and in the SVG", async () => {
    const { mermaid, svg } = await draw(ir);
    const diagram = readMermaid(mermaid);
    const pictures = readSvg(svg);
    const svgNodes = new Map(pictures.nodes.map((n) => [n.title, n]));
    const throughEntities = new Set(ir.entities.flatMap((e) => e.relations.flatMap((r) => (r.through?.entity ? [r.through.entity] : []))));

    for (const table of ir.tables) {
      const id = table.entity ?? table.name;
      const box = diagram.entities.get(id);
      expect(box, `Mermaid entity ${id}`).toBeDefined();
      const node = svgNodes.get(id);
      expect(node, `SVG node ${id}`).toBeDefined();
      expect(node!.id).toBe(`node:${id}`);
      const kind = table.entity === undefined ? "association-table" : throughEntities.has(table.entity) ? "association-entity" : "entity";
      expect(node!.classes).toContain(kind);
      if (kind === "entity") expect(box!.label).toBeUndefined();
      else expect(box!.label).toBe(`${id} (${kind.replace("-", " ")})`);
      // every column, with PK and FK where the table says so
      expect(box!.attributes.map((a) => a.name)).toEqual(table.columns.map((c) => c.name));
      for (const column of table.columns) {
        const keys = box!.attributes.find((a) => a.name === column.name)!.keys;
        expect(keys.includes("PK"), `${id}.${column.name} PK`).toBe(table.primaryKey.includes(column.name));
        expect(keys.includes("FK"), `${id}.${column.name} FK`).toBe(table.foreignKeys.some((fk) => fk.columns.includes(column.name)));
      }
    }
    expect(diagram.entities.size).toBe(ir.tables.length);
    expect(pictures.nodes.length).toBe(ir.tables.length);

    const svgEdges = pictures.edges.map((e) => ({ ...e, relations: e.id.replace(/^edge:/, "").split("+") }));
    for (const entity of ir.entities) {
      for (const relation of entity.relations) {
        const name = `${entity.name}.${relation.name}`;
        const line = mermaidLineOf(diagram, entity.name, relation);
        expect(line, `Mermaid line for ${name}`).toBeDefined();
        const ownerIsLeft = line!.from === entity.name;
        const many = manyEnds(relation);
        const ownerEnd = ownerIsLeft ? line!.left : line!.right;
        const targetEnd = ownerIsLeft ? line!.right : line!.left;
        if (!relation.selfReferential) {
          expect(/[{}]/.test(ownerEnd), `${name}: many at ${entity.name}'s end`).toBe(many.owner);
          expect(/[{}]/.test(targetEnd), `${name}: many at ${relation.target}'s end`).toBe(many.target);
        } else {
          expect(line!.from).toBe(line!.to); // a loop
        }
        expect(line!.dashed).toBe(relation.kind === "many-to-many");
        if (relation.kind !== "many-to-many" && !relation.selfReferential) {
          // the parent's end: exactly one when every foreign-key column is NOT NULL, else zero or one
          const child = relation.foreignKeySide === "self" ? entity.name : relation.target;
          const parent = child === entity.name ? relation.target : entity.name;
          const childTable = ir.tables.find((t) => t.entity === child)!;
          const fk = childTable.foreignKeys.find((f) => f.name === relation.foreignKey)!;
          const required = fk.columns.every((c) => !childTable.columns.find((col) => col.name === c)!.nullable);
          const parentEnd = line!.from === parent ? line!.left : line!.right;
          expect(parentEnd, `${name}: ${parent}'s end`).toBe(required ? "||" : line!.from === parent ? "|o" : "o|");
        }

        const edge = svgEdges.find((e) => e.relations.includes(name));
        expect(edge, `SVG edge for ${name}`).toBeDefined();
        expect([`${entity.name}->${relation.target}`, `${relation.target}->${entity.name}`]).toContain(edge!.title);
        expect(edge!.classes).toContain(relation.kind === "many-to-many" ? "many-to-many" : "relation");
      }
    }
    // every foreign key is drawn: by a relation that follows it, or as a line of its own
    const followed = new Set(ir.entities.flatMap((e) => e.relations.map((r) => r.foreignKey)));
    for (const table of ir.tables) {
      for (const fk of table.foreignKeys.filter((f) => !followed.has(f.name))) {
        expect(svgEdges.some((e) => e.id === `edge:fk:${fk.name}`), `SVG edge for ${fk.name}`).toBe(true);
        expect(diagram.relationships.some((r) => r.to === (table.entity ?? table.name) && r.label === `fk ${fk.columns.join(", ")}`)).toBe(true);
      }
    }
    expect(svgEdges.length).toBe(diagram.relationships.length);
  });

  test("the same schema draws byte-identical pictures", async () => {
    const first = await draw(ir);
    const second = await draw(ir);
    expect(second.mermaid).toBe(first.mermaid);
    expect(second.svg).toBe(first.svg);
  });
});
