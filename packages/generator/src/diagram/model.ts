import type { ColumnIR, EntityIR, ForeignKeyIR, RelationIR, SchemaIR, TableIR } from "@relgen/dsl";
// The types and defaults read as a migration's description reads them.
import { defaultValueText, typeText } from "../migrate/describe.js";

/**
 * What a diagram shows, decided once from the IR so that the Mermaid and the
 * DOT printers only print: which boxes, which lines, which end says what.
 * Boxes and lines are sorted by name, so the pictures do not move when
 * declarations are reordered.
 */
export interface DiagramModel {
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/**
 * `entity`: an entity. `association-entity`: an entity some many-to-many
 * reads through (`@through(Enrollment)`). `association-table`: a `table`
 * declaration, rows linking entities, no class.
 */
export type NodeKind = "entity" | "association-entity" | "association-table";

export interface DiagramNode {
  /** Unique among nodes: the entity's name, or the association table's name. */
  readonly id: string;
  readonly kind: NodeKind;
  /** The database table, when it differs from `id`. */
  readonly tableName?: string;
  readonly doc?: string;
  readonly columns: readonly DiagramColumn[];
}

export type KeyMark = "PK" | "FK" | "UK";

export interface DiagramColumn {
  readonly name: string;
  /** As written in `.rel`, without the `?`: `String(80)`, `Decimal(10,2)`, an enum's name. */
  readonly type: string;
  readonly nullable: boolean;
  readonly keys: readonly KeyMark[];
  /** The default as `.rel` writes it: `now()`, `false`, `"draft"`. */
  readonly default?: string;
  readonly doc?: string;
}

/** How many rows of an end's node one row at the other end relates to. */
export type EndCardinality = "exactly-one" | "zero-or-one" | "zero-or-many";

/**
 * `relation`: one relation (with its inverse, when it has one) that follows a
 * foreign key. `many-to-many`: one through an association table or entity.
 * `foreign-key`: a foreign key no relation follows (an association table's
 * links, or a column `@references` without a relation field).
 */
export type EdgeKind = "relation" | "many-to-many" | "foreign-key";

export interface DiagramEdge {
  /** Unique among edges: the relations it draws (`User.posts+Post.author`), or `fk:<constraint>`. */
  readonly id: string;
  readonly kind: EdgeKind;
  /** The referenced (parent) side; for a many-to-many, the side that declares it. */
  readonly from: string;
  readonly to: string;
  /** Cardinality at the `from` end: how many `from` rows one `to` row has. */
  readonly fromEnd: EndCardinality;
  readonly toEnd: EndCardinality;
  /** The relation field on `from` that reaches `to` (a role name, drawn at the `to` end). */
  readonly fromName?: string;
  readonly toName?: string;
  /** The relations drawn, as `Entity.field`, sorted. */
  readonly relations: readonly string[];
  /** A foreign-key edge: its columns on the `to` side. */
  readonly columns?: readonly string[];
  /** A many-to-many: the association table or entity it reads through (a node id). */
  readonly via?: string;
}

export function diagramModel(ir: SchemaIR): DiagramModel {
  const entities = new Map(ir.entities.map((e) => [e.name, e]));
  const tables = new Map(ir.tables.map((t) => [t.name, t]));
  const throughEntities = new Set(ir.entities.flatMap((e) => e.relations.flatMap((r) => (r.through?.entity === undefined ? [] : [r.through.entity]))));
  const nodes: DiagramNode[] = ir.tables.map((table) => {
    const id = nodeId(table);
    const kind: NodeKind = table.entity === undefined ? "association-table" : throughEntities.has(table.entity) ? "association-entity" : "entity";
    const entity = table.entity === undefined ? undefined : entities.get(table.entity);
    return {
      id,
      kind,
      ...(table.name === id ? {} : { tableName: table.name }),
      ...(entity?.doc ?? table.doc ? { doc: (entity?.doc ?? table.doc)! } : {}),
      columns: table.columns.map((c) => diagramColumn(c, table)),
    };
  });
  const edges = relationEdges(ir, entities, tables);
  const followed = new Set(ir.entities.flatMap((e) => e.relations.flatMap((r) => (r.foreignKey === undefined ? [] : [r.foreignKey]))));
  for (const table of ir.tables) {
    for (const fk of table.foreignKeys) if (!followed.has(fk.name)) edges.push(foreignKeyEdge(tables.get(fk.targetTable), table, fk));
  }
  return { nodes: nodes.sort(byId), edges: edges.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.id, b.id)) };
}

/**
 * Entities by name, association tables by table name. They cannot clash: a
 * `table` is named by its declaration (no `@@table`, E0502), and declarations
 * share one namespace (E0301).
 */
function nodeId(table: TableIR): string {
  return table.entity ?? table.name;
}

function diagramColumn(column: ColumnIR, table: TableIR): DiagramColumn {
  const keys: KeyMark[] = [];
  if (column.primaryKey) keys.push("PK");
  if (table.foreignKeys.some((fk) => fk.columns.includes(column.name))) keys.push("FK");
  if (column.unique && !column.primaryKey) keys.push("UK");
  return {
    name: column.name,
    type: typeText(column.type),
    nullable: column.nullable,
    keys,
    ...(column.default === undefined ? {} : { default: defaultValueText(column.default) }),
    ...(column.doc === undefined ? {} : { doc: column.doc }),
  };
}

/** One edge per relation and its inverse, found by walking entities and relations in name order. */
function relationEdges(
  ir: SchemaIR,
  entities: ReadonlyMap<string, EntityIR>,
  tables: ReadonlyMap<string, TableIR>,
): DiagramEdge[] {
  const drawn = new Set<string>();
  const edges: DiagramEdge[] = [];
  for (const entity of [...ir.entities].sort(byName)) {
    for (const relation of [...entity.relations].sort(byName)) {
      const own = `${entity.name}.${relation.name}`;
      if (drawn.has(own)) continue;
      const inverse = relation.inverse === undefined ? undefined : entities.get(relation.target)?.relations.find((r) => r.name === relation.inverse);
      const names = inverse === undefined ? [own] : [own, `${relation.target}.${inverse.name}`];
      for (const name of names) drawn.add(name);
      // A pair is drawn from the side that declares it, not from the side its @backref created.
      const [side, first, second] =
        relation.fromBackref && inverse !== undefined ? [entities.get(relation.target)!, inverse, relation] : [entity, relation, inverse];
      edges.push(relationEdge(side, first, second, names.sort(), entities, tables));
    }
  }
  return edges;
}

function relationEdge(
  entity: EntityIR,
  relation: RelationIR,
  inverse: RelationIR | undefined,
  relations: readonly string[],
  entities: ReadonlyMap<string, EntityIR>,
  tables: ReadonlyMap<string, TableIR>,
): DiagramEdge {
  const id = relations.join("+");
  if (relation.through !== undefined) {
    const table = tables.get(relation.through.table);
    return {
      id,
      kind: "many-to-many",
      from: entity.name,
      to: relation.target,
      fromEnd: "zero-or-many",
      toEnd: "zero-or-many",
      fromName: relation.name,
      ...(inverse === undefined ? {} : { toName: inverse.name }),
      relations,
      ...(table === undefined ? {} : { via: nodeId(table) }),
    };
  }
  // The side holding the foreign key is the child: drawn as `to`, with the parent as `from`.
  const childIsSelf = relation.foreignKeySide === "self";
  const parent = childIsSelf ? relation.target : entity.name;
  const child = childIsSelf ? entity.name : relation.target;
  const childTable = tables.get(entities.get(child)!.tableName)!;
  const fk = childTable.foreignKeys.find((f) => f.name === relation.foreignKey);
  const parentRelation = childIsSelf ? inverse : relation;
  const childRelation = childIsSelf ? relation : inverse;
  return {
    id,
    kind: "relation",
    from: parent,
    to: child,
    fromEnd: fk !== undefined && fk.columns.some((c) => columnOf(childTable, c)?.nullable) ? "zero-or-one" : "exactly-one",
    toEnd: relation.kind === "one-to-one" ? "zero-or-one" : "zero-or-many",
    ...(parentRelation === undefined ? {} : { fromName: parentRelation.name }),
    ...(childRelation === undefined ? {} : { toName: childRelation.name }),
    relations,
  };
}

function foreignKeyEdge(target: TableIR | undefined, table: TableIR, fk: ForeignKeyIR): DiagramEdge {
  const nullable = fk.columns.some((c) => columnOf(table, c)?.nullable);
  return {
    id: `fk:${fk.name}`,
    kind: "foreign-key",
    from: target === undefined ? fk.targetTable : nodeId(target),
    to: nodeId(table),
    fromEnd: nullable ? "zero-or-one" : "exactly-one",
    toEnd: isUniqueSet(table, fk.columns) ? "zero-or-one" : "zero-or-many",
    relations: [],
    columns: fk.columns,
  };
}

/** The foreign key's columns are exactly a key or unique constraint: at most one row per parent. */
function isUniqueSet(table: TableIR, columns: readonly string[]): boolean {
  const same = (set: readonly string[]) => set.length === columns.length && set.every((c) => columns.includes(c));
  return same(table.primaryKey) || table.uniques.some((u) => same(u.columns));
}

function columnOf(table: TableIR, field: string): ColumnIR | undefined {
  return table.columns.find((c) => c.name === field);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const byId = (a: { readonly id: string }, b: { readonly id: string }) => compare(a.id, b.id);
const byName = (a: { readonly name: string }, b: { readonly name: string }) => compare(a.name, b.name);
