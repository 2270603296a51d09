import type { EntityMapper } from "../engine/entity-mapper.js";
import { InvalidArgumentError } from "../errors/value-errors.js";
import { entityNamed, type EntityInfo, type RelationInfo } from "../model/entity-info.js";
import { relationPath } from "../load/relation-sql.js";
import type { SqlBuilder } from "./sql-builder.js";

/** A resolved `orderBy` path: the to-one relations walked, then the column sorted by. */
export interface OrderPath {
  readonly relations: readonly RelationInfo[];
  readonly column: string;
}

/** `"name"` or `"owner.name"` (any depth of to-one relations), checked against the models. */
export function resolveOrderPath(entity: EntityInfo, path: string): OrderPath {
  if (typeof path !== "string") throw new InvalidArgumentError(`${entity.name}: orderBy takes a column name or a "relation.column" path.`);
  const segments = path.split(".");
  const relations: RelationInfo[] = [];
  let current = entity;
  for (const name of segments.slice(0, -1)) {
    const index = current.relationIndex.get(name);
    const relation = index === undefined ? undefined : current.relations[index]!;
    if (!relation || relation.hidden || relation.many) {
      const toOne = current.relations.filter((r) => !r.hidden && !r.many).map((r) => r.name);
      const why = relation && relation.many ? "is to-many (sort by a to-one relation's column)" : "is not a relation";
      throw new InvalidArgumentError(
        `${current.name}.${name} ${why} in orderBy("${path}"); its to-one relations are: ${toOne.join(", ") || "(none)"}.`,
      );
    }
    relations.push(relation);
    current = entityNamed(current.schema, relation.meta.target);
  }
  const field = segments[segments.length - 1]!;
  const index = current.columnIndex.get(field);
  if (index === undefined) {
    throw new InvalidArgumentError(
      `${current.name} has no column "${field}" in orderBy("${path}"); its columns are: ${current.columns.map((c) => c.name).join(", ")}.`,
    );
  }
  return { relations, column: current.columns[index]!.column };
}

/**
 * The sort expression: the column itself, or a scalar subquery through the
 * to-one relations (`(SELECT o.name FROM owners o WHERE o.id = t0.ownerId)`).
 * A subquery, not a JOIN, so the FROM every statement shares (count, the
 * `subquery` strategy's re-run, dynamic relations) stays as it is; a row
 * with no related object sorts as NULL.
 */
export function orderExpression(
  sb: SqlBuilder,
  entity: EntityInfo,
  alias: string,
  path: OrderPath,
  mapperOf: (entity: string) => EntityMapper,
  tag: string,
): string {
  if (path.relations.length === 0) return sb.col(alias, path.column);
  const [relation, ...rest] = path.relations;
  const target = mapperOf(relation!.meta.target);
  const rel = relationPath(relation!, target);
  const sub = `${alias}_${tag}`;
  const parentColumns = rel.parentFields.map((f) => entity.columns[entity.columnIndex.get(f)!]!.column);
  const value = orderExpression(sb, target.info, sub, { relations: rest, column: path.column }, mapperOf, tag);
  const on = rel.link(sb, sub).map((l, i) => `${l} = ${sb.col(alias, parentColumns[i]!)}`);
  return `(SELECT ${value} FROM ${rel.from(sb, sub)} WHERE ${on.join(" AND ")})`;
}
