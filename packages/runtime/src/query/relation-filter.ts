import { InvalidArgumentError } from "../errors/value-errors.js";
import { entityNamed, type EntityInfo, type RelationInfo } from "../model/entity-info.js";
import { relationPath } from "../load/relation-sql.js";
import type { FilterContext } from "./where.js";

type Compile = (ctx: FilterContext, entity: EntityInfo, alias: string, filter: object) => string;

const TO_MANY = ["some", "every", "none"];
const TO_ONE = ["is", "isNot"];

/**
 * A filter across a relation as a correlated `EXISTS (SELECT 1 FROM target
 * WHERE link = outer AND …)`: the outer row is never repeated (no JOIN), so
 * paging and counting stay row-exact, and nesting is one more EXISTS with a
 * fresh alias. `every` is "none that fails": NOT EXISTS over the complement.
 */
export function relationFilter(
  ctx: FilterContext,
  entity: EntityInfo,
  relation: RelationInfo,
  alias: string,
  value: unknown,
  compile: Compile,
): string {
  const where = `${entity.name}.${relation.name}`;
  const allowed = relation.many ? TO_MANY : TO_ONE;
  if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    throw new InvalidArgumentError(`${where} is a relation: filter it with { ${allowed.join(" | ")}: { … } }.`);
  }
  const target = entityNamed(entity.schema, relation.meta.target);
  const parts: string[] = [];
  for (const [op, inner] of Object.entries(value)) {
    if (inner === undefined) continue;
    if (!allowed.includes(op)) {
      const other = relation.many ? "to-many: use some, every or none" : "to-one: use is or isNot";
      throw new InvalidArgumentError(`${where}: "${op}" is not a relation filter here; ${relation.name} is ${other}.`);
    }
    if (inner === null) {
      if (relation.many) throw new InvalidArgumentError(`${where}: "${op}" takes a filter of ${target.name}, not null; use {} for any row.`);
      // `is: null`: there is no related row; `isNot: null`: there is one.
      parts.push(op === "is" ? `NOT ${exists(ctx, entity, relation, target, alias, undefined, compile)}` : exists(ctx, entity, relation, target, alias, undefined, compile));
      continue;
    }
    if (typeof inner !== "object" || Array.isArray(inner)) {
      throw new InvalidArgumentError(`${where}: "${op}" takes a filter of ${target.name} such as { id: 1 }, not ${Array.isArray(inner) ? "an array" : typeof inner}.`);
    }
    switch (op) {
      case "some":
      case "is":
        parts.push(exists(ctx, entity, relation, target, alias, { filter: inner, negate: false }, compile));
        break;
      case "none":
      case "isNot":
        parts.push(`NOT ${exists(ctx, entity, relation, target, alias, { filter: inner, negate: false }, compile)}`);
        break;
      case "every":
        parts.push(`NOT ${exists(ctx, entity, relation, target, alias, { filter: inner, negate: true }, compile)}`);
        break;
    }
  }
  return parts.length === 0 ? "1 = 1" : parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
}

function exists(
  ctx: FilterContext,
  entity: EntityInfo,
  relation: RelationInfo,
  target: EntityInfo,
  alias: string,
  inner: { filter: object; negate: boolean } | undefined,
  compile: Compile,
): string {
  const { sb } = ctx;
  const path = relationPath(relation, ctx.mapperOf(target.name));
  const sub = `${alias}_r${++ctx.aliases}`;
  const from = path.from(sb, sub);
  const parentColumns = path.parentFields.map((f) => entity.columns[entity.columnIndex.get(f)!]!.column);
  const conditions = path.link(sb, sub).map((l, i) => `${l} = ${sb.col(alias, parentColumns[i]!)}`);
  if (inner) {
    const condition = compile(ctx, target, sub, inner.filter);
    if (inner.negate) conditions.push(`(${condition}) IS NOT TRUE`);
    else if (condition !== "1 = 1") conditions.push(condition);
  }
  return `EXISTS (SELECT 1 FROM ${from} WHERE ${conditions.join(" AND ")})`;
}
