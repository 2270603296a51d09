import { decoded, type EntityMapper } from "../engine/entity-mapper.js";
import { NoResultError } from "../errors/usage-errors.js";
import { RelgenError } from "../errors/relgen-error.js";
import { InvalidArgumentError } from "../errors/value-errors.js";
import { rootTail, type RootSource } from "../load/loader.js";
import { relationPath } from "../load/relation-sql.js";
import type { RelationInfo } from "../model/entity-info.js";
import type { Session } from "../session/session.js";
import type { ColumnMeta } from "../schema-meta.js";
import { SqlBuilder } from "./sql-builder.js";

const ROOT = "t0";

/** The columns and relation counts a `select(...)` asked for, checked once when it is called. */
export interface Selection {
  readonly columns: readonly ColumnMeta[];
  readonly counts: readonly RelationInfo[];
}

export function parseSelection(mapper: EntityMapper, args: readonly unknown[]): Selection {
  const entity = mapper.info;
  const columns: ColumnMeta[] = [];
  const counts: RelationInfo[] = [];
  for (const [i, arg] of args.entries()) {
    if (typeof arg === "string") {
      const index = entity.columnIndex.get(arg);
      if (index === undefined) {
        const relation = entity.relationIndex.has(arg) ? ` ("${arg}" is a relation: count it with { _count: ["${arg}"] })` : "";
        throw new InvalidArgumentError(
          `${entity.name}.${arg}: select() got a field ${entity.name} does not have${relation}; its columns are: ${entity.columns.map((c) => c.name).join(", ")}.`,
        );
      }
      if (!columns.includes(entity.columns[index]!)) columns.push(entity.columns[index]!);
    } else if (i === args.length - 1 && typeof arg === "object" && arg !== null && Array.isArray((arg as { _count?: unknown })._count)) {
      for (const name of (arg as { _count: unknown[] })._count) {
        const index = typeof name === "string" ? entity.relationIndex.get(name) : undefined;
        const relation = index === undefined ? undefined : entity.relations[index]!;
        if (!relation || relation.hidden || !relation.many) {
          const many = entity.relations.filter((r) => !r.hidden && r.many).map((r) => r.name);
          throw new InvalidArgumentError(
            `${entity.name}.${String(name)}: _count takes to-many relations of ${entity.name}: ${many.join(", ") || "(it has none)"}.`,
          );
        }
        counts.push(relation);
      }
    } else {
      throw new InvalidArgumentError(
        `${entity.name}: select() takes column names, then optionally { _count: [relation names] } last; got ${describe(arg)}.`,
      );
    }
  }
  if (columns.length === 0 && counts.length === 0) {
    throw new InvalidArgumentError(`${entity.name}: select() needs at least one column, e.g. select("${entity.columns[0]!.name}").`);
  }
  return { columns, counts };
}

/**
 * Plain rows of the chosen columns, decoded as entity reads decode them, with
 * each relation count as a correlated `(SELECT COUNT(*) ...)` column of the
 * same statement: children are counted, never loaded.
 */
export async function runProjection(session: Session, root: RootSource, selection: Selection): Promise<Record<string, unknown>[]> {
  const mapper = root.mapper;
  const dialect = mapper.dialect;
  const sb = new SqlBuilder(dialect);
  const select = selection.columns.map((c) => dialect.selectColumn(sb.col(ROOT, c.column), c.type));
  selection.counts.forEach((relation, i) => select.push(`${countColumn(session, sb, mapper, relation, i)} AS ${sb.q(`_c${i}`)}`));
  const sql = `SELECT ${select.join(", ")} FROM ${root.from(sb, ROOT)}${rootTail(sb, root, ROOT)}`;
  const rows = await session.runQuery(sql, sb.params);
  const decoders = selection.columns.map((c) => mapper.rowDecoders[mapper.info.columnIndex.get(c.name)!]);
  const names = selection.columns.map((c) => c.name);
  const offset = names.length;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const raw = row[i];
      const decode = decoders[i];
      out[names[i]!] = decoded(raw, decode);
    }
    if (selection.counts.length > 0) {
      const counts: Record<string, number> = {};
      selection.counts.forEach((r, i) => (counts[r.name] = Number(row[offset + i])));
      out["_count"] = counts;
    }
    return out;
  });
}

/** `(SELECT COUNT(*) FROM child WHERE child.link = t0.key)`; many-to-many counts association rows joined to live targets. */
function countColumn(session: Session, sb: SqlBuilder, mapper: EntityMapper, relation: RelationInfo, i: number): string {
  const path = relationPath(relation, session.mapperOf(relation.meta.target));
  const alias = `c${i}`;
  const from = path.from(sb, alias);
  const on = path
    .link(sb, alias)
    .map((l, k) => `${l} = ${sb.col(ROOT, mapper.info.columns[mapper.info.columnIndex.get(path.parentFields[k]!)!]!.column)}`)
    .join(" AND ");
  return `(SELECT COUNT(*) FROM ${from} WHERE ${on})`;
}

export function oneOf<R>(rows: readonly R[], entity: string): R {
  if (rows.length === 0) throw new NoResultError(entity);
  if (rows.length > 1) throw new RelgenError(`Expected one ${entity}, found several; narrow the filter or use .first().`);
  return rows[0]!;
}

/** `SELECT 1 ... LIMIT 1` (inside the query's own page, if it has one). */
export async function runExists(session: Session, root: RootSource): Promise<boolean> {
  const sb = new SqlBuilder(root.mapper.dialect);
  const limit = root.limit === undefined ? 1 : Math.min(root.limit, 1);
  const tail = rootTail(sb, { ...root, orderBy: () => "", limit }, ROOT);
  const rows = await session.runQuery(`SELECT 1 FROM ${root.from(sb, ROOT)}${tail}`, sb.params);
  return rows.length > 0;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return JSON.stringify(value) ?? "an object";
  return `${typeof value} ${String(value)}`;
}
