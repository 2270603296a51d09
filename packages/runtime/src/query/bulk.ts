import { comparable, identityKey, type EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { statementError } from "../engine/transient.js";
import { constraintErrorClass } from "../errors/constraint-errors.js";
import { RelgenError } from "../errors/relgen-error.js";
import { InvalidArgumentError } from "../errors/value-errors.js";
import type { RootSource } from "../load/loader.js";
import type { EntityInfo } from "../model/entity-info.js";
import { STATE, stateOf, Status, untouched, type Carrier } from "../model/instance-state.js";
import { detachDeleted } from "../model/relation-ops.js";
import type { ColumnMeta } from "../schema-meta.js";
import type { Session } from "../session/session.js";
import { inCondition } from "./in-list.js";
import { SqlBuilder } from "./sql-builder.js";

/** What a query holds that a bulk statement cannot honour; each is refused by name. */
export interface BulkShape {
  readonly limited: boolean;
  readonly offset: boolean;
  readonly ordered: boolean;
  readonly loads: boolean;
}

/** The checked, encoded SET list of an `update()`: refused before anything runs. */
export interface EncodedValues {
  readonly columns: readonly ColumnMeta[];
  readonly given: readonly unknown[];
  readonly encoded: readonly unknown[];
}

/** The calls a query's shape holds, by name: what bulk statements and aggregates refuse to follow. */
export function shapeCalls(shape: BulkShape): string[] {
  return [
    shape.limited && "limit()",
    shape.offset && "offset()",
    shape.ordered && "orderBy()",
    shape.loads && "with()",
  ].filter((x): x is string => typeof x === "string");
}

export function refuseShape(entity: string, action: "update" | "delete", shape: BulkShape): void {
  const used = shapeCalls(shape);
  if (used.length === 0) return;
  throw new InvalidArgumentError(
    `Cannot bulk ${action} ${entity} with ${used.join(", ")}: a bulk ${action} is one ${action.toUpperCase()} over every row the ` +
      `filter matches, and ${action.toUpperCase()} has no portable ${used.length > 1 ? "forms of these" : "form of this"} ` +
      `(nor loads anything). Narrow the rows with where() (e.g. where({ id: { in: ids } })), or load the objects and ` +
      `${action === "delete" ? "session.delete()" : "change"} them one by one.`,
  );
}

export function encodeValues(mapper: EntityMapper, values: unknown): EncodedValues {
  const entity = mapper.info;
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    throw new InvalidArgumentError(`${entity.name}: update() takes an object of column values, such as { ${entity.columns[1]?.name ?? "name"}: ... }.`);
  }
  const columns: ColumnMeta[] = [];
  const given: unknown[] = [];
  const encoded: unknown[] = [];
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const index = entity.columnIndex.get(field);
    if (index === undefined) {
      const relation = entity.relationIndex.has(field) ? ` ("${field}" is a relation; set its key column instead)` : "";
      throw new InvalidArgumentError(
        `${entity.name}.${field}: update() got a field ${entity.name} does not have${relation}; its columns are: ${entity.columns.map((c) => c.name).join(", ")}.`,
      );
    }
    const column = entity.columns[index]!;
    if (column.primaryKey) {
      throw new InvalidArgumentError(
        `${entity.name}.${field}: update() cannot change a primary-key column (the session knows objects by their keys, ` +
          `and rows that refer to them would not follow). Insert new rows and delete the old ones instead.`,
      );
    }
    columns.push(column);
    given.push(value);
    encoded.push(mapper.dialect.encode(column.type, value, entity.name, column.name));
  }
  if (columns.length === 0) {
    throw new InvalidArgumentError(`${entity.name}: update() needs at least one column value, e.g. update({ ${entity.columns[1]?.name ?? "name"}: ... }).`);
  }
  return { columns, given, encoded };
}

/** `UPDATE t SET ... WHERE ...` as one statement; returns the rows it matched. */
export function bulkUpdate(session: Session, root: RootSource, values: EncodedValues, synchronize: boolean): Promise<number> {
  const mapper = root.mapper;
  const statement = (sb: SqlBuilder) => {
    const set = values.columns.map((c, i) => `${sb.q(c.column)} = ${sb.param(values.encoded[i])}`).join(", ");
    return `UPDATE ${mapper.table} SET ${set}${whereClause(sb, root)}`;
  };
  return runBulk(session, root, "update", synchronize, statement, (obj) => applyUpdate(mapper, obj, values));
}

/** `DELETE FROM t WHERE ...` as one statement; returns the rows it deleted. */
export function bulkDelete(session: Session, root: RootSource, synchronize: boolean): Promise<number> {
  const statement = (sb: SqlBuilder) => `DELETE FROM ${root.mapper.table}${whereClause(sb, root)}`;
  return runBulk(session, root, "delete", synchronize, statement, (obj) => forgetDeleted(session, obj));
}

/**
 * Runs one bulk statement and hands each object of the session whose row it
 * touched to `synchronizeObject`; finding those rows costs nothing extra when
 * the session holds no object of the entity.
 */
async function runBulk(
  session: Session,
  root: RootSource,
  action: "update" | "delete",
  synchronize: boolean,
  statement: (sb: SqlBuilder) => string,
  synchronizeObject: (obj: object) => void,
): Promise<number> {
  const mapper = root.mapper;
  const held = synchronize ? heldObjects(session, mapper.info) : [];
  return session.withWriteConnection(async (conn) => {
    const sb = new SqlBuilder(mapper.dialect);
    const sql = statement(sb);
    let count: number;
    let touched: Set<unknown> | undefined;
    if (held.length === 0) {
      count = (await write(conn, mapper, action, sql, sb.params, false)).changes;
    } else if (mapper.dialect.supportsReturning) {
      const rows = (await write(conn, mapper, action, `${sql} RETURNING ${keyColumns(sb, mapper)}`, sb.params, true)).rows!;
      count = rows.length;
      touched = keysOf(mapper, rows);
    } else {
      // MySQL has no UPDATE/DELETE ... RETURNING (MariaDB has the DELETE one; one code path for both):
      // lock and read which of the held objects' rows match, then run the statement.
      touched = await lockHeld(conn, mapper, root, held);
      count = (await write(conn, mapper, action, sql, sb.params, false)).changes;
    }
    if (touched) for (const obj of held) if (touched.has(mapper.keyOf(obj))) synchronizeObject(obj);
    return count;
  });
}

/**
 * The WHERE of a bulk statement. The root alias is the table's own name: single-table
 * UPDATE and DELETE take no alias on MySQL. A filter whose subquery reads the same
 * table is refused by MySQL (error 1093) unless the matching keys come through a
 * derived table, which DISTINCT keeps MySQL from merging back.
 */
function whereClause(sb: SqlBuilder, root: RootSource): string {
  const mapper = root.mapper;
  const alias = mapper.info.meta.table;
  const parts = root.where(sb, alias);
  if (parts.length === 0) return "";
  const where = parts.join(" AND ");
  if (mapper.dialect.name !== "mysql" || !readsTable(where, sb.q(alias))) return ` WHERE ${where}`;
  const keys = mapper.info.meta.primaryKey.map((f) => sb.col(alias, columnOf(mapper.info, f).column));
  const tuple = keys.length === 1 ? keys[0]! : `(${keys.join(", ")})`;
  const names = keys.map((_, i) => sb.q(`k${i}`));
  const inner = `SELECT DISTINCT ${keys.map((k, i) => `${k} AS ${names[i]}`).join(", ")} FROM ${mapper.table} WHERE ${where}`;
  return ` WHERE ${tuple} IN (SELECT ${names.join(", ")} FROM (${inner}) ${sb.q("relgen_keys")})`;
}

function readsTable(where: string, table: string): boolean {
  return where.includes(`FROM ${table}`) || where.includes(`JOIN ${table}`);
}

/** The session's objects of `entity` with a row: the only ones a bulk statement can make stale. */
function heldObjects(session: Session, entity: EntityInfo): object[] {
  const held: object[] = [];
  for (const obj of session.identity.objects()) {
    const of = untouched(obj)?.entity ?? (obj as Carrier)[STATE]?.entity;
    if (of === entity) held.push(obj);
  }
  return held;
}

/**
 * Which of `held` the statement will touch, read under a row lock in the same
 * transaction, so no other writer changes whether they match before it runs.
 * Bounded by what the session holds, not by how many rows match.
 */
async function lockHeld(conn: LoggedConnection, mapper: EntityMapper, root: RootSource, held: readonly object[]): Promise<Set<unknown>> {
  const sb = new SqlBuilder(mapper.dialect);
  const alias = mapper.info.meta.table;
  const pk = mapper.info.meta.primaryKey.map((f) => columnOf(mapper.info, f));
  const link = pk.map((c) => sb.col(alias, c.column));
  const select = pk.map((c, i) => mapper.dialect.selectColumn(link[i]!, c.type)).join(", ");
  const where = [...root.where(sb, alias), heldCondition(sb, mapper, link, held)].join(" AND ");
  const rows = await conn.query(`SELECT ${select} FROM ${mapper.table} WHERE ${where} FOR UPDATE`, sb.params);
  return keysOf(mapper, rows);
}

function heldCondition(sb: SqlBuilder, mapper: EntityMapper, link: readonly string[], held: readonly object[]): string {
  const pk = mapper.info.meta.primaryKey.map((f) => columnOf(mapper.info, f));
  const value = (o: object, i: number) => mapper.dialect.encode(pk[i]!.type, (o as Record<string, unknown>)[pk[i]!.name]);
  if (link.length === 1) return inCondition(sb, link[0]!, pk[0]!.type, held.map((o) => value(o, 0)), false);
  return `(${held.map((o) => `(${link.map((l, i) => `${l} = ${sb.param(value(o, i))}`).join(" AND ")})`).join(" OR ")})`;
}

function keyColumns(sb: SqlBuilder, mapper: EntityMapper): string {
  return mapper.info.meta.primaryKey
    .map((f) => {
      const c = columnOf(mapper.info, f);
      return mapper.dialect.selectColumn(sb.q(c.column), c.type);
    })
    .join(", ");
}

function keysOf(mapper: EntityMapper, rows: readonly unknown[][]): Set<unknown> {
  const decoders = mapper.info.meta.primaryKey.map((f) => mapper.rowDecoders[mapper.info.columnIndex.get(f)!]);
  const keys = new Set<unknown>();
  for (const row of rows) {
    keys.add(identityKey(decoders.map((d, i) => (d && row[i] !== null ? d(row[i]) : row[i]))));
  }
  return keys;
}

/**
 * The new values become the object's loaded state, so it is not dirty for
 * them; changes it had to other columns stay pending. A to-one relation
 * whose key column changed forgets its target and resolves again on access.
 */
function applyUpdate(mapper: EntityMapper, obj: object, values: EncodedValues): void {
  const state = stateOf(obj);
  if (state.status !== Status.Persistent) return;
  const baseline = mapper.baseline(state);
  const fields = obj as Record<string, unknown>;
  values.columns.forEach((column, i) => {
    const value = copyOf(values.given[i]);
    fields[column.name] = value;
    baseline[mapper.info.columnIndex.get(column.name)!] = comparable(value, column.type.kind);
  });
  const changed = new Set(values.columns.map((c) => c.name));
  for (const relation of state.entity.relations) {
    if (relation.many || relation.meta.foreignKeySide !== "self") continue;
    if (!relation.meta.localColumns.some((f) => changed.has(f))) continue;
    const slot = state.peekSlot(relation);
    if (!slot) continue;
    slot.loaded = false;
    slot.value = null;
    slot.dirty = false;
  }
}

/** Each object gets its own copy of a mutable value, as if it had been read. */
function copyOf(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return value.slice();
  if (typeof value === "object" && value !== null) return JSON.parse(JSON.stringify(value));
  return value;
}

/** What a flush does to an object it deleted: gone from the identity map and from the loaded relations around it. */
function forgetDeleted(session: Session, obj: object): void {
  const state = stateOf(obj);
  if (state.status !== Status.Persistent) return;
  detachDeleted(obj);
  state.status = Status.Deleted;
  state.deleteRequested = false;
  session.toDelete.delete(obj);
  session.identity.delete(state.entity, state.key);
}

async function write(
  conn: LoggedConnection,
  mapper: EntityMapper,
  action: "update" | "delete",
  sql: string,
  params: unknown[],
  returning: boolean,
): Promise<{ changes: number; rows?: unknown[][] }> {
  try {
    return returning ? { changes: 0, rows: await conn.query(sql, params) } : await conn.execute(sql, params);
  } catch (error) {
    throw refusal(error, mapper, action, sql, params);
  }
}

/** A constraint refusal → the flush's typed error, said in terms of a bulk statement (no one object to name). */
function refusal(error: unknown, mapper: EntityMapper, action: "update" | "delete", sql: string, params: readonly unknown[]): unknown {
  const found = mapper.dialect.classifyError(error);
  if (!found) return error instanceof RelgenError ? error : statementError(error, mapper.dialect, sql, params);
  const entity = mapper.info;
  const schema = entity.schema;
  let table = found.table;
  let column = found.columns?.[0];
  if (found.kind === "foreign-key" && !column) {
    // Named by the engine (PostgreSQL, MySQL), else the one foreign key that can be meant (SQLite names none).
    const candidates = schema.tables.flatMap((t) =>
      t.foreignKeys
        .filter((k) => (found.constraint ? k.name === found.constraint : action === "delete" ? k.targetTable === entity.meta.table : t.name === entity.meta.table))
        .map((k) => ({ table: t, key: k })),
    );
    if (candidates.length === 1) {
      const { table: t, key } = candidates[0]!;
      table = t.name;
      column = t.columns.find((c) => c.name === key.columns[0])?.column ?? key.columns[0];
    }
  }
  const owner = schema.tables.find((t) => t.name === (table ?? entity.meta.table));
  const field = column ? (owner?.columns.find((c) => c.column === column)?.name ?? column) : undefined;
  const where = table && column ? `${table}.${column}` : (table ?? "another table");
  const what = `Cannot bulk ${action} ${entity.name} rows`;
  let message: string;
  switch (found.kind) {
    case "foreign-key":
      message =
        action === "delete"
          ? `${what}: rows of ${where} still refer to some of them. Nothing was deleted. Delete or move those rows first, ` +
            `or declare @onDelete(cascade) on that key; a bulk delete runs no @cascade(delete) (use session.delete() per object for that).`
          : `${what}: ${field ?? "a foreign key"} would refer to a row that does not exist (${where}). Nothing was updated. Use the key of an existing row.`;
      break;
    case "unique":
      message = `${what}: ${field ?? "a unique column"} would be taken twice (unique constraint${found.constraint ? ` ${found.constraint}` : ""}${column ? ` on ${where}` : ""}). Nothing was updated. Set a unique column on one row at a time.`;
      break;
    case "not-null":
      message = `${what}: ${field ?? "a column"} must have a value (${where} is NOT NULL). Nothing was updated.`;
      break;
    default:
      message = `${what}: a value breaks the check constraint ${found.constraint ?? ""} of ${table ?? entity.meta.table}. Nothing was changed. Use an allowed value.`;
  }
  const Class = constraintErrorClass[found.kind];
  return new Class(message, {
    kind: found.kind,
    entity: owner?.entity,
    field,
    table,
    column,
    constraint: found.constraint,
    sql,
    params,
    cause: error,
  });
}

function columnOf(entity: EntityInfo, field: string): ColumnMeta {
  return entity.columns[entity.columnIndex.get(field)!]!;
}
