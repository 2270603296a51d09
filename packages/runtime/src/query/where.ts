import type { EntityMapper } from "../engine/entity-mapper.js";
import { InvalidArgumentError } from "../errors/value-errors.js";
import type { EntityInfo } from "../model/entity-info.js";
import type { ColumnMeta } from "../schema-meta.js";
import { inCondition } from "./in-list.js";
import { relationFilter } from "./relation-filter.js";
import type { SqlBuilder } from "./sql-builder.js";
import { textMatch, type TextOperator } from "./text-match.js";

const COMPARISONS: Record<string, string> = { eq: "=", ne: "<>", lt: "<", lte: "<=", gt: ">", gte: ">=", like: "LIKE" };
const TEXT = new Set(["contains", "startsWith", "endsWith"]);
const OPERATOR_NAMES = [...Object.keys(COMPARISONS), "in", "notIn", ...TEXT, "mode"];
const OPERATORS = new Set(OPERATOR_NAMES);
const COMBINATORS = new Set(["AND", "OR", "NOT"]);

/** What compiling a filter needs besides the filter: the statement being built and the other entities' mappers. */
export interface FilterContext {
  readonly sb: SqlBuilder;
  readonly mapperOf: (entity: string) => EntityMapper;
  /** Numbers the subquery aliases of one statement, so nested EXISTS never shadow an outer alias. */
  aliases: number;
  /**
   * False when `where()` checks the filter's shape: a value the column cannot
   * store is refused by the statement-running call (as for inserts), not here.
   */
  readonly encodeValues: boolean;
}

export function filterContext(sb: SqlBuilder, mapperOf: (entity: string) => EntityMapper, encodeValues = true): FilterContext {
  return { sb, mapperOf, aliases: 0, encodeValues };
}

/** One condition per filter key, ANDed by the caller. Values are bound, never inlined. */
export function compileWhere(ctx: FilterContext, entity: EntityInfo, alias: string, filter: object): string[] {
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) {
    throw new InvalidArgumentError(`${entity.name}: a filter is an object such as { name: "x" }, not ${describe(filter)}.`);
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (COMBINATORS.has(key)) {
      parts.push(combinator(ctx, entity, alias, key, value));
      continue;
    }
    const columnIndex = entity.columnIndex.get(key);
    if (columnIndex === undefined) {
      const relation = relationNamed(entity, key);
      parts.push(relationFilter(ctx, entity, relation, alias, value, compileCondition));
      continue;
    }
    const column = entity.columns[columnIndex]!;
    const target = ctx.sb.col(alias, column.column);
    const ops = operatorsOf(entity, column, value);
    if (ops) parts.push(...operatorConditions(ctx, entity, column, target, ops));
    else parts.push(value === null ? `${target} IS NULL` : `${target} = ${ctx.sb.param(encode(ctx, entity, column, value))}`);
  }
  return parts;
}

/** A whole filter as one condition; `{}` (no keys) is `1 = 1`, it matches every row. */
export function compileCondition(ctx: FilterContext, entity: EntityInfo, alias: string, filter: object): string {
  return and(compileWhere(ctx, entity, alias, filter));
}

/**
 * `AND` (one filter or a list: all match), `OR` (a list: any matches; `[]`
 * matches nothing), `NOT` (one filter or a list: none matches). NOT is the
 * complement in two-valued logic: a row whose column is NULL is not matched
 * by `{ age: { gt: 2 } }`, so `NOT` of it returns that row (as `!(x > 2)`
 * would in JavaScript), where plain SQL `NOT (age > 2)` is NULL and drops it.
 */
function combinator(ctx: FilterContext, entity: EntityInfo, alias: string, key: string, value: unknown): string {
  const list = Array.isArray(value) ? value : [value];
  if (key === "OR" && !Array.isArray(value)) {
    throw new InvalidArgumentError(`${entity.name}: OR takes a list of filters, such as OR: [{ a: 1 }, { b: 2 }].`);
  }
  for (const f of list) {
    if (typeof f !== "object" || f === null || Array.isArray(f)) {
      throw new InvalidArgumentError(`${entity.name}: each filter under ${key} is an object such as { name: "x" }, not ${describe(f)}.`);
    }
  }
  const conditions = list.map((f: object) => compileCondition(ctx, entity, alias, f));
  if (key === "AND") return and(conditions);
  if (key === "OR") return conditions.length === 0 ? "1 = 0" : conditions.length === 1 ? conditions[0]! : `(${conditions.join(" OR ")})`;
  return and(conditions.map(not));
}

/** The two-valued complement: true where `condition` is false or NULL. */
export function not(condition: string): string {
  return `(${condition}) IS NOT TRUE`;
}

function and(parts: readonly string[]): string {
  return parts.length === 0 ? "1 = 1" : parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
}

function operatorConditions(ctx: FilterContext, entity: EntityInfo, column: ColumnMeta, target: string, ops: Record<string, unknown>): string[] {
  const mode = ops["mode"];
  if (mode !== undefined && mode !== "default" && mode !== "insensitive") {
    throw new InvalidArgumentError(`${entity.name}.${column.name}: mode is "default" or "insensitive", not ${describe(mode)}.`);
  }
  const parts: string[] = [];
  for (const [op, operand] of Object.entries(ops)) {
    if (operand === undefined || op === "mode") continue;
    if (TEXT.has(op)) parts.push(textCondition(ctx.sb, entity, column, target, op as TextOperator, operand, mode === "insensitive"));
    else parts.push(operatorCondition(ctx, entity, column, target, op, operand));
  }
  if (mode !== undefined && !Object.keys(ops).some((op) => TEXT.has(op) && ops[op] !== undefined)) {
    throw new InvalidArgumentError(`${entity.name}.${column.name}: mode applies to contains, startsWith and endsWith; add one of them or drop mode.`);
  }
  return parts;
}

function textCondition(sb: SqlBuilder, entity: EntityInfo, column: ColumnMeta, target: string, op: TextOperator, operand: unknown, insensitive: boolean) {
  if (!isText(column)) {
    throw new InvalidArgumentError(`${entity.name}.${column.name}: "${op}" applies to text columns; ${column.name} is ${column.type.kind}.`);
  }
  if (typeof operand !== "string") {
    throw new InvalidArgumentError(`${entity.name}.${column.name}: "${op}" takes a string, not ${describe(operand)}.`);
  }
  return textMatch(sb, target, op, operand, insensitive);
}

function operatorCondition(ctx: FilterContext, entity: EntityInfo, column: ColumnMeta, target: string, op: string, operand: unknown): string {
  const sb = ctx.sb;
  if (op === "in" || op === "notIn") {
    if (!Array.isArray(operand)) throw new InvalidArgumentError(`${entity.name}.${column.name}: "${op}" takes an array.`);
    // An empty IN list is valid logic but invalid SQL: in [] matches nothing, notIn [] everything.
    if (operand.length === 0) return op === "in" ? "1 = 0" : "1 = 1";
    return inCondition(sb, target, column.type, operand.map((v) => encode(ctx, entity, column, v)), op === "notIn");
  }
  const sqlOp = COMPARISONS[op]!;
  if (operand === null) {
    if (op === "eq") return `${target} IS NULL`;
    if (op === "ne") return `${target} IS NOT NULL`;
    throw new InvalidArgumentError(`${entity.name}.${column.name}: "${op}" cannot compare with null.`);
  }
  return `${target} ${sqlOp} ${sb.param(op === "like" ? operand : encode(ctx, entity, column, operand))}`;
}

function encode(ctx: FilterContext, entity: EntityInfo, column: ColumnMeta, value: unknown): unknown {
  return ctx.encodeValues ? ctx.sb.dialect.encode(column.type, value, entity.name, column.name) : value;
}

function isText(column: ColumnMeta): boolean {
  const kind = column.type.kind;
  return kind === "String" || kind === "Text";
}

export function columnNamed(entity: EntityInfo, field: string): ColumnMeta {
  const index = entity.columnIndex.get(field);
  if (index === undefined) {
    const relation = entity.relationIndex.has(field) ? ` ("${field}" is a relation, not a column)` : "";
    throw new InvalidArgumentError(
      `${entity.name} has no column "${field}"${relation}; its columns are: ${entity.columns.map((c) => c.name).join(", ")}.`,
    );
  }
  return entity.columns[index]!;
}

function relationNamed(entity: EntityInfo, field: string) {
  const index = entity.relationIndex.get(field);
  const relation = index === undefined ? undefined : entity.relations[index]!;
  if (!relation || relation.hidden) {
    const relations = entity.relations.filter((r) => !r.hidden).map((r) => r.name);
    throw new InvalidArgumentError(
      `${entity.name} has no column or relation "${field}" to filter on; its columns are: ${entity.columns.map((c) => c.name).join(", ")}` +
        `; its relations: ${relations.join(", ") || "(none)"}; or combine filters with AND, OR, NOT.`,
    );
  }
  return relation;
}

/**
 * Operators, not a value: a plain object whose keys are operator names. On a
 * Json column an object with other keys is a value compared for equality;
 * on any other column an unknown key is a misspelt operator.
 */
function operatorsOf(entity: EntityInfo, column: ColumnMeta, value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0) return undefined;
  const unknown = keys.find((k) => !OPERATORS.has(k));
  if (unknown === undefined) return value as Record<string, unknown>;
  if (column.type.kind === "Json") return undefined;
  throw new InvalidArgumentError(
    `${entity.name}.${column.name}: unknown operator "${unknown}"; use one of ${OPERATOR_NAMES.join(", ")}.`,
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
