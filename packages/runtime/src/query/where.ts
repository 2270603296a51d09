import { RelgenError } from "../errors/relgen-error.js";
import type { EntityInfo } from "../model/entity-info.js";
import type { ColumnMeta } from "../schema-meta.js";
import { inCondition } from "./in-list.js";
import type { SqlBuilder } from "./sql-builder.js";

const OPERATORS: Record<string, string> = { eq: "=", ne: "<>", lt: "<", lte: "<=", gt: ">", gte: ">=", like: "LIKE" };

/** One condition per filter key, ANDed by the caller. Values are bound, never inlined. */
export function compileWhere(sb: SqlBuilder, entity: EntityInfo, alias: string, filter: object): string[] {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    const column = columnNamed(entity, field);
    const target = sb.col(alias, column.column);
    if (isOperatorObject(value)) {
      for (const [op, operand] of Object.entries(value)) {
        if (operand === undefined) continue;
        parts.push(operatorCondition(sb, entity, column, target, op, operand));
      }
    } else {
      parts.push(value === null ? `${target} IS NULL` : `${target} = ${sb.param(sb.dialect.encode(column.type, value, entity.name, column.name))}`);
    }
  }
  return parts;
}

function operatorCondition(sb: SqlBuilder, entity: EntityInfo, column: ColumnMeta, target: string, op: string, operand: unknown): string {
  const encode = (v: unknown) => sb.dialect.encode(column.type, v, entity.name, column.name);
  if (op === "in" || op === "notIn") {
    if (!Array.isArray(operand)) throw new RelgenError(`${entity.name}.${column.name}: "${op}" takes an array.`);
    // An empty IN list is valid logic but invalid SQL: in [] matches nothing, notIn [] everything.
    if (operand.length === 0) return op === "in" ? "1 = 0" : "1 = 1";
    return inCondition(sb, target, column.type, operand.map(encode), op === "notIn");
  }
  const sqlOp = OPERATORS[op];
  if (!sqlOp) {
    throw new RelgenError(
      `${entity.name}.${column.name}: unknown operator "${op}"; use one of eq, ne, lt, lte, gt, gte, in, notIn, like.`,
    );
  }
  if (operand === null) {
    if (op === "eq") return `${target} IS NULL`;
    if (op === "ne") return `${target} IS NOT NULL`;
    throw new RelgenError(`${entity.name}.${column.name}: "${op}" cannot compare with null.`);
  }
  return `${target} ${sqlOp} ${sb.param(op === "like" ? operand : encode(operand))}`;
}

export function columnNamed(entity: EntityInfo, field: string): ColumnMeta {
  const index = entity.columnIndex.get(field);
  if (index === undefined) {
    const relation = entity.relationIndex.has(field) ? ` ("${field}" is a relation; filter on its key column instead)` : "";
    throw new RelgenError(
      `${entity.name} has no column "${field}"${relation}; its columns are: ${entity.columns.map((c) => c.name).join(", ")}.`,
    );
  }
  return entity.columns[index]!;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array) &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((k) => k in OPERATORS || k === "in" || k === "notIn")
  );
}
