import { decoded, type EntityMapper } from "../engine/entity-mapper.js";
import { InvalidArgumentError } from "../errors/value-errors.js";
import type { RootSource } from "../load/loader.js";
import type { ColumnMeta } from "../schema-meta.js";
import type { Session } from "../session/session.js";
import { SqlBuilder } from "./sql-builder.js";

const ROOT = "t0";
const FUNCTIONS = ["count", "sum", "avg", "min", "max"] as const;
type Fn = (typeof FUNCTIONS)[number];

const NUMERIC = new Set(["Int", "Float", "BigInt", "Decimal"]);
/** Ordered alike on every engine: enums (declaration order on PostgreSQL, text elsewhere) and uuids (no min() on PostgreSQL) are not. */
const ORDERED = new Set(["Int", "Float", "BigInt", "Decimal", "String", "Text", "Date", "DateTime"]);

/** One named aggregate, checked: its SQL before and after the dialect's read form, and how to decode it. */
interface Measure {
  readonly name: string;
  /** The value as SQL computes it (what ORDER BY compares). */
  readonly expression: string;
  /** The same, in the form `decode` reads. */
  readonly selected: string;
  readonly decode: (raw: unknown) => unknown;
  /** Counts are never NULL: no NULL-ordering term needed. */
  readonly count?: boolean;
}

export interface AggregatePlan {
  readonly groups: readonly ColumnMeta[];
  readonly measures: readonly Measure[];
}

export function groupFields(mapper: EntityMapper, fields: readonly unknown[]): ColumnMeta[] {
  const entity = mapper.info;
  if (fields.length === 0) throw new InvalidArgumentError(`${entity.name}: groupBy() needs at least one column name.`);
  return fields.map((field) => {
    const index = typeof field === "string" ? entity.columnIndex.get(field) : undefined;
    if (index === undefined) {
      throw new InvalidArgumentError(
        `${entity.name}.${String(field)}: groupBy() takes columns of ${entity.name}: ${entity.columns.map((c) => c.name).join(", ")}.`,
      );
    }
    return entity.columns[index]!;
  });
}

/** Checks a spec such as `{ pets: { count: true }, oldest: { max: "age" } }` against the entity, before anything runs. */
export function planAggregate(mapper: EntityMapper, groups: readonly ColumnMeta[], spec: unknown): AggregatePlan {
  const entity = mapper.info;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec) || Object.keys(spec).length === 0) {
    throw new InvalidArgumentError(`${entity.name}: aggregate() takes named aggregates, e.g. { rows: { count: true }, oldest: { max: "age" } }.`);
  }
  const sb = new SqlBuilder(mapper.dialect);
  const measures = Object.entries(spec).map(([name, value]): Measure => {
    if (groups.some((g) => g.name === name)) {
      throw new InvalidArgumentError(`${entity.name}: the aggregate "${name}" has the name of a group field; name it otherwise.`);
    }
    const keys = typeof value === "object" && value !== null ? Object.keys(value) : [];
    const fn = keys[0] as Fn;
    if (keys.length !== 1 || !FUNCTIONS.includes(fn)) {
      throw new InvalidArgumentError(
        `${entity.name}: the aggregate "${name}" must be one of { count: true }, { count: field }, { sum | avg | min | max: field }; got ${JSON.stringify(value)}.`,
      );
    }
    const arg = (value as Record<string, unknown>)[fn];
    if (fn === "count" && arg === true) return { name, expression: "COUNT(*)", selected: "COUNT(*)", decode: Number, count: true };
    const index = typeof arg === "string" ? entity.columnIndex.get(arg) : undefined;
    if (index === undefined) {
      throw new InvalidArgumentError(
        `${entity.name}.${String(arg)}: ${fn}() takes a column of ${entity.name}: ${entity.columns.map((c) => c.name).join(", ")}.`,
      );
    }
    const column = entity.columns[index]!;
    const kind = column.type.kind;
    const col = sb.col(ROOT, column.column);
    const refuse = (what: string) =>
      new InvalidArgumentError(`${entity.name}.${column.name}: ${fn}() needs ${what}, and ${column.name} is ${kind}.`);
    const dialect = mapper.dialect;
    const decodeAs = (raw: unknown) => (raw === null || raw === undefined ? null : (mapper.rowDecoders[index]?.(raw) ?? raw));
    switch (fn) {
      case "count":
        return { name, expression: `COUNT(${col})`, selected: `COUNT(${col})`, decode: Number, count: true };
      case "sum": {
        if (!NUMERIC.has(kind)) throw refuse("a numeric column (Int, Float, BigInt or Decimal)");
        const expression = `SUM(${col})`;
        // PostgreSQL sums int4 as int8 (text) and MySQL any integer as DECIMAL (text): read Int and Float sums as numbers.
        if (kind === "Int" || kind === "Float") return { name, expression, selected: expression, decode: nullable(Number) };
        if (kind === "Decimal") {
          const scale = column.type.scale ?? 0;
          return { name, expression, selected: dialect.selectColumn(expression, column.type), decode: nullable((raw) => fixedScale(String(decodeAs(raw)), scale)) };
        }
        return { name, expression, selected: dialect.selectColumn(expression, column.type), decode: decodeAs };
      }
      case "avg": {
        if (!NUMERIC.has(kind)) throw refuse("a numeric column (Int, Float, BigInt or Decimal)");
        if (kind === "Decimal") {
          // Four more places than the column keeps: what MySQL gives by default, asked of all three.
          const scale = (column.type.scale ?? 0) + 4;
          const expression = `ROUND(AVG(${col}), ${scale})`;
          return { name, expression, selected: dialect.selectColumn(expression, column.type), decode: nullable((raw) => fixedScale(String(decodeAs(raw)), scale)) };
        }
        // In double precision everywhere: PostgreSQL and MySQL would average integers as decimals of differing scale.
        const double = dialect.name === "postgres" ? `CAST(${col} AS DOUBLE PRECISION)` : dialect.name === "mysql" ? `(${col} + 0E0)` : col;
        const expression = `AVG(${double})`;
        return { name, expression, selected: expression, decode: nullable(Number) };
      }
      default: {
        if (!ORDERED.has(kind)) throw refuse("a column with one order on every engine (numbers, strings, dates)");
        const expression = `${fn.toUpperCase()}(${col})`;
        return { name, expression, selected: dialect.selectColumn(expression, column.type), decode: decodeAs };
      }
    }
  });
  return { groups, measures };
}

export interface AggregateOrder {
  readonly key: string;
  readonly direction: "asc" | "desc";
}

export function checkOrderKey(plan: AggregatePlan, entity: string, key: unknown): void {
  if (plan.groups.some((g) => g.name === key) || plan.measures.some((m) => m.name === key)) return;
  const names = [...plan.groups.map((g) => g.name), ...plan.measures.map((m) => m.name)];
  throw new InvalidArgumentError(`${entity}: orderBy("${String(key)}") names neither a group field nor an aggregate; use one of ${names.join(", ")}.`);
}

/**
 * `SELECT groups..., aggregates... FROM ... WHERE ... GROUP BY groups ORDER BY ...`.
 * NULLs sort first ascending and last descending on every engine (PostgreSQL
 * alone would do the opposite).
 */
export async function runAggregate(
  session: Session,
  root: RootSource,
  plan: AggregatePlan,
  order: readonly AggregateOrder[],
  limit: number | undefined,
): Promise<Record<string, unknown>[]> {
  const mapper = root.mapper;
  const dialect = mapper.dialect;
  const sb = new SqlBuilder(dialect);
  const groupCols = plan.groups.map((g) => sb.col(ROOT, g.column));
  const select = [
    ...plan.groups.map((g, i) => dialect.selectColumn(groupCols[i]!, g.type)),
    ...plan.measures.map((m) => m.selected),
  ];
  let sql = `SELECT ${select.join(", ")} FROM ${root.from(sb, ROOT)}`;
  const where = root.where(sb, ROOT);
  if (where.length > 0) sql += ` WHERE ${where.join(" AND ")}`;
  if (groupCols.length > 0) {
    sql += ` GROUP BY ${groupCols.join(", ")}`;
    const keys = order.length > 0 ? order : plan.groups.map((g) => ({ key: g.name, direction: "asc" as const }));
    const terms = keys.map(({ key, direction }) => {
      const g = plan.groups.findIndex((x) => x.name === key);
      const measure = plan.measures.find((m) => m.name === key);
      const expression = g >= 0 ? groupCols[g]! : measure!.expression;
      const nullable = g >= 0 ? plan.groups[g]!.nullable : !measure!.count;
      const dir = direction === "desc" ? "DESC" : "ASC";
      return nullable ? `CASE WHEN ${expression} IS NULL THEN 0 ELSE 1 END ${dir}, ${expression} ${dir}` : `${expression} ${dir}`;
    });
    sql += ` ORDER BY ${terms.join(", ")}`;
    if (limit !== undefined) sql += dialect.limitOffset(limit, undefined, (v) => sb.param(v));
  }
  const rows = await session.runQuery(sql, sb.params);
  const groupDecoders = plan.groups.map((g) => mapper.rowDecoders[mapper.info.columnIndex.get(g.name)!]);
  const n = plan.groups.length;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    plan.groups.forEach((g, i) => {
      const raw = row[i];
      const decode = groupDecoders[i];
      out[g.name] = decoded(raw, decode);
    });
    plan.measures.forEach((m, i) => (out[m.name] = m.decode(row[n + i])));
    return out;
  });
}

function nullable(decode: (raw: unknown) => unknown): (raw: unknown) => unknown {
  return (raw) => (raw === null || raw === undefined ? null : decode(raw));
}

/**
 * Decimal text with exactly `scale` places, as PostgreSQL and MySQL print a
 * NUMERIC; SQLite computes decimal sums in floating point and prints them
 * short ("10.3", "3.3000000000000003"), so its text is rounded or padded here.
 */
function fixedScale(text: string, scale: number): string {
  const point = text.indexOf(".");
  const places = point < 0 ? 0 : text.length - point - 1;
  if (places > scale) return Number(text).toFixed(scale);
  if (places === scale) return text;
  return (point < 0 && scale > 0 ? text + "." : text) + "0".repeat(scale - places);
}
