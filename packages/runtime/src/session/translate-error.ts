import type { Dialect } from "../dialect/dialect.js";
import { RelgenError } from "../errors/relgen-error.js";
import { statementError } from "../engine/transient.js";
import { constraintErrorClass, type ConstraintViolationError } from "../errors/constraint-errors.js";
import type { EntityInfo, RelationInfo } from "../model/entity-info.js";
import type { SchemaMeta } from "../schema-meta.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { describe } from "./flush-plan.js";

/** The write a statement was doing, so a refusal can name the object, the field and the value. */
export interface WriteContext {
  readonly action: "insert" | "update" | "delete";
  readonly entity: EntityInfo;
  readonly obj: object;
  /** For an association row: the relation (whose `through` table the statement writes) and the object at its other end. */
  readonly link?: { readonly relation: RelationInfo; readonly other: object };
  /**
   * What the statement wrote when it is not `obj` itself (by-parent.ts: "the Post rows of User 12 (User.posts)"):
   * the message names it instead, and no value of `obj` is read or probed.
   */
  readonly subject?: string;
  /** With `subject`: which table still refers to the rows (probed when the engine does not say, as SQLite does not). */
  readonly referrer?: () => Promise<{ table: string; column: string } | undefined>;
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * A driver error → a typed constraint error (or the error unchanged). When the
 * engine does not say which column (SQLite's foreign keys), the rows involved
 * are probed on the same connection, before the rollback.
 */
export async function translateError(
  error: unknown,
  dialect: Dialect,
  context: WriteContext,
  conn: LoggedConnection,
): Promise<unknown> {
  const found = dialect.classifyError(error);
  if (!found) return error instanceof RelgenError ? error : statementError(error, dialect, context.sql, context.params);
  const { entity, obj, action } = context;
  const values = obj as Record<string, unknown>;
  const schema = entity.schema;
  const written = context.link?.relation.meta.through?.table ?? entity.meta.table;
  let table = found.table ?? written;
  let columnName = found.columns?.[0];
  let field: string | undefined;
  let owner: string | undefined = tableEntity(schema, table);
  let value: unknown;

  if (!columnName && found.constraint) {
    const named = constraintColumn(schema, found.kind, found.constraint, found.table ?? (found.kind === "foreign-key" ? undefined : written));
    if (named) ({ table, column: columnName } = named);
    owner = tableEntity(schema, table);
  }
  let elsewhere = false;
  if (found.kind === "foreign-key" && !columnName && !found.constraint) {
    const probe = context.subject
      ? await context.referrer?.()
      : action === "delete"
        ? await referencingRow(schema, entity, obj, dialect, conn)
        : await missingParent(entity, obj, dialect, conn);
    if (probe) ({ table, column: columnName } = probe);
    // Not the written table, and none the schema knows: the message must not blame the written one.
    else if (context.subject) elsewhere = true;
    owner = tableEntity(schema, table);
  }
  if (columnName) {
    const tableMeta = schema.tables.find((t) => t.name === table);
    field = tableMeta?.columns.find((c) => c.column === columnName)?.name ?? columnName;
    if (owner === entity.name && !context.subject) value = values[field];
  }
  const Class = constraintErrorClass[found.kind];
  const message = context.link
    ? describeLinkFailure(found.kind, action, entity, obj, context.link, table)
    : describeFailure(
        found.kind,
        action,
        context.subject ?? describe(obj),
        context.subject !== undefined,
        owner,
        elsewhere ? "another table" : table,
        field,
        columnName,
        value,
        found.constraint,
        found.columns,
      );
  const typed: ConstraintViolationError = new Class(message, {
    kind: found.kind,
    entity: owner,
    field,
    value,
    table,
    column: columnName,
    constraint: found.constraint,
    sql: context.sql,
    params: context.params,
    cause: error,
  });
  return typed;
}

/** An association row refused: said in terms of the two objects and the relation, not of the row's columns. */
function describeLinkFailure(
  kind: string,
  action: string,
  entity: EntityInfo,
  obj: object,
  link: { readonly relation: RelationInfo; readonly other: object },
  table: string,
): string {
  const pair = `${describe(obj)} ${action === "delete" ? "from" : "to"} ${describe(link.other)} through ${entity.name}.${link.relation.meta.name} (${table})`;
  const what = `Cannot ${action === "delete" ? "unlink" : "link"} ${pair}`;
  switch (kind) {
    case "unique":
      return `${what}: they are already linked. Another session may have linked them meanwhile; reload the relation before adding.`;
    case "foreign-key":
      return `${what}: one of the two rows does not exist (any more). Reload both objects; another session may have deleted one.`;
    default:
      return `${what}: the database refused the association row (${kind} constraint).`;
  }
}

function describeFailure(
  kind: string,
  action: string,
  subject: string,
  plural: boolean,
  owner: string | undefined,
  table: string,
  field: string | undefined,
  column: string | undefined,
  value: unknown,
  constraint: string | undefined,
  columns: readonly string[] | undefined,
): string {
  const what = `Cannot ${action} ${subject}`;
  const where = column ? `${table}.${column}` : table;
  const shown = value === undefined ? "" : ` ${show(value)}`;
  switch (kind) {
    case "unique": {
      const fields = columns && columns.length > 1 ? columns.join(", ") : (field ?? "a unique column");
      return `${what}: ${fields}${shown} is already taken (unique constraint${constraint ? ` ${constraint}` : ""} on ${where}). Use another value, or load the existing ${owner ?? "row"} and change it instead.`;
    }
    case "not-null":
      return `${what}: ${field ?? "a column"} must have a value (${where} is NOT NULL). Set it (or the relation that fills it) before flushing.`;
    case "check":
      return `${what}: a value breaks the check constraint ${constraint ?? ""} of ${table}${field ? ` (${field}${shown})` : ""}. Use an allowed value.`;
    default:
      if (action === "delete") {
        return `${what}: rows of ${where} still refer to ${plural ? "them" : "it"}. Delete or move them first, or let the relation cascade (@cascade(delete)) or the database (@onDelete(cascade)) remove them.`;
      }
      return `${what}: ${field ?? "a foreign key"}${shown} refers to a row that does not exist (${where}). Set the relation to an existing object, or add the parent in the same session.`;
  }
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * Where a named constraint sits, from the schema: a foreign key by its name
 * (PostgreSQL and MySQL name it; the referencing table may differ from the
 * written one on a delete), a unique key by the `<table>_<column>_key` name
 * the migrations give it (or the shortened name recorded in `keyNames`), a
 * primary key (`PRIMARY`, `<table>_pkey`).
 */
function constraintColumn(schema: SchemaMeta, kind: string, constraint: string, table: string | undefined) {
  const tables = table === undefined ? schema.tables : schema.tables.filter((t) => t.name === table);
  for (const t of tables) {
    const column = (field: string | undefined) => (field === undefined ? undefined : t.columns.find((c) => c.name === field)?.column);
    if (kind === "foreign-key") {
      const fk = t.foreignKeys.find((k) => k.name === constraint);
      const name = column(fk?.columns[0]);
      if (name) return { table: t.name, column: name };
      continue;
    }
    if (kind !== "unique") continue;
    const renamed = column(t.keyNames && Object.hasOwn(t.keyNames, constraint) ? t.keyNames[constraint] : undefined);
    if (renamed) return { table: t.name, column: renamed };
    if (constraint === "PRIMARY" || constraint === `${t.name}_pkey`) {
      const name = column(t.primaryKey[0]);
      if (name) return { table: t.name, column: name };
    }
    const unique = t.columns.find((c) => c.unique && constraint === `${t.name}_${c.column}_key`);
    if (unique) return { table: t.name, column: unique.column };
  }
  return undefined;
}

function tableEntity(schema: SchemaMeta, table: string): string | undefined {
  return schema.tables.find((t) => t.name === table)?.entity;
}

/** Which foreign key of the written row points nowhere. */
async function missingParent(entity: EntityInfo, obj: object, dialect: Dialect, conn: LoggedConnection) {
  const table = entity.schema.tables.find((t) => t.name === entity.meta.table);
  const values = obj as Record<string, unknown>;
  for (const fk of table?.foreignKeys ?? []) {
    const fkValues = fk.columns.map((f) => values[f]);
    if (fkValues.some((v) => v === null || v === undefined)) continue;
    const target = entity.schema.tables.find((t) => t.name === fk.targetTable);
    if (!target) continue;
    const types = fk.columns.map((f) => entity.columns[entity.columnIndex.get(f)!]!.type);
    let n = 0;
    const where = fk.targetColumns
      .map((c, i) => `${dialect.quote(target.columns.find((x) => x.name === c)?.column ?? c)} = ${dialect.placeholder(++n)}`)
      .join(" AND ");
    const rows = await conn.query(
      `SELECT 1 FROM ${dialect.quote(fk.targetTable)} WHERE ${where}`,
      fkValues.map((v, i) => dialect.encode(types[i]!, v)),
    );
    if (rows.length === 0) {
      const column = entity.columns[entity.columnIndex.get(fk.columns[0]!)!]!.column;
      return { table: entity.meta.table, column };
    }
  }
  return undefined;
}

/** Which table still holds a row pointing at the deleted one. */
async function referencingRow(schema: SchemaMeta, entity: EntityInfo, obj: object, dialect: Dialect, conn: LoggedConnection) {
  const values = obj as Record<string, unknown>;
  for (const table of schema.tables) {
    for (const fk of table.foreignKeys) {
      if (fk.targetTable !== entity.meta.table) continue;
      const keyValues = fk.targetColumns.map((f) => values[f]);
      const types = fk.targetColumns.map((f) => entity.columns[entity.columnIndex.get(f)!]!.type);
      const columns = fk.columns.map((c) => table.columns.find((x) => x.name === c)?.column ?? c);
      let n = 0;
      const where = columns.map((c) => `${dialect.quote(c)} = ${dialect.placeholder(++n)}`).join(" AND ");
      const rows = await conn.query(
        `SELECT 1 FROM ${dialect.quote(table.name)} WHERE ${where}`,
        keyValues.map((v, i) => dialect.encode(types[i]!, v)),
      );
      if (rows.length > 0) return { table: table.name, column: columns[0]! };
    }
  }
  return undefined;
}
