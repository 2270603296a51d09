import type { RelationInfo } from "../model/entity-info.js";
import type { SqlBuilder } from "../query/sql-builder.js";
import type { SchemaMeta, TableMeta } from "../schema-meta.js";
import type { EntityMapper } from "../engine/entity-mapper.js";

/**
 * How the rows of a relation's target are reached from a parent row. Every
 * strategy uses the same three facts: the FROM clause (with the association
 * table joined for many-to-many), the child-side link expressions, and the
 * parent fields whose values they equal.
 */
export interface RelationPath {
  readonly relation: RelationInfo;
  readonly target: EntityMapper;
  /** Parent field names whose values the link expressions equal, in order. */
  readonly parentFields: readonly string[];
  from(sb: SqlBuilder, alias: string): string;
  link(sb: SqlBuilder, alias: string): string[];
  orderBy(sb: SqlBuilder, alias: string): string;
}

/** Paths by target mapper (one per engine) and relation: built once, every load reuses them. */
const paths = new WeakMap<EntityMapper, Map<RelationInfo, RelationPath>>();

export function relationPath(relation: RelationInfo, target: EntityMapper): RelationPath {
  let byRelation = paths.get(target);
  if (!byRelation) paths.set(target, (byRelation = new Map()));
  let path = byRelation.get(relation);
  if (!path) byRelation.set(relation, (path = buildPath(relation, target)));
  return path;
}

function buildPath(relation: RelationInfo, target: EntityMapper): RelationPath {
  const meta = relation.meta;
  const columnOf = (field: string) => target.info.columns[target.info.columnIndex.get(field)!]!.column;
  const orderBy = (sb: SqlBuilder, alias: string) =>
    meta.orderBy.map((o) => `${sb.col(alias, columnOf(o.field))} ${o.direction === "desc" ? "DESC" : "ASC"}`).join(", ");

  const through = meta.through;
  if (through) {
    const table = tableNamed(relation.schema, through.table);
    const assocColumn = (field: string) => table.columns.find((c) => c.name === field)?.column ?? field;
    const assocAlias = (alias: string) => `${alias}_a`;
    return {
      relation,
      target,
      parentFields: through.sourceReferences,
      from: (sb, alias) =>
        `${sb.q(target.info.meta.table)} ${sb.q(alias)} JOIN ${sb.q(through.table)} ${sb.q(assocAlias(alias))} ON ` +
        through.targetColumns
          .map((c, i) => `${sb.col(assocAlias(alias), assocColumn(c))} = ${sb.col(alias, columnOf(through.targetReferences[i]!))}`)
          .join(" AND "),
      link: (sb, alias) => through.sourceColumns.map((c) => sb.col(assocAlias(alias), assocColumn(c))),
      orderBy,
    };
  }
  return {
    relation,
    target,
    parentFields: meta.localColumns,
    from: (sb, alias) => `${sb.q(target.info.meta.table)} ${sb.q(alias)}`,
    link: (sb, alias) => meta.remoteColumns.map((f) => sb.col(alias, columnOf(f))),
    orderBy,
  };
}

function tableNamed(schema: SchemaMeta, name: string): TableMeta {
  const table = schema.tables.find((t) => t.name === name);
  if (!table) throw new Error(`The schema data has no table "${name}"; regenerate the code with \`relgen build\`.`);
  return table;
}

/** `a IN (...)` or `(a, b) IN (...)`. */
export function inList(link: readonly string[], list: string): string {
  return link.length === 1 ? `${link[0]} IN (${list})` : `(${link.join(", ")}) IN (${list})`;
}
