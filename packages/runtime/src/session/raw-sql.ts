import type { Dialect } from "../dialect/dialect.js";
import type { EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { statementError } from "../engine/transient.js";
import { constraintErrorClass } from "../errors/constraint-errors.js";
import { RelgenError } from "../errors/relgen-error.js";
import { InvalidArgumentError } from "../errors/value-errors.js";
import { SqlBuilder } from "../query/sql-builder.js";
import type { ColumnTypeMeta } from "../schema-meta.js";

const IDENTIFIER = Symbol("relgen.sql.identifier");
const FRAGMENT = Symbol("relgen.sql.fragment");

/** A name quoted by the engine's own rule (`"name"` / `` `name` ``): never a value. */
export interface SqlIdentifier {
  readonly [IDENTIFIER]: string;
}

/** A piece of SQL with its values still apart: built with the `sql` tag, spliced into another statement. */
export interface SqlFragment {
  readonly [FRAGMENT]: { readonly strings: readonly string[]; readonly values: readonly SqlValue[] };
}

/** What a `${...}` in a raw statement may hold: values become bound parameters, identifiers and fragments SQL text. */
export type SqlValue = string | number | bigint | boolean | Date | Uint8Array | null | SqlIdentifier | SqlFragment;

export interface SqlTag {
  /** A fragment: `` sql`status = ${s}` `` for splicing into `session.sql` / `session.execute`. Values stay bound. */
  (strings: TemplateStringsArray, ...values: SqlValue[]): SqlFragment;
  /** A table or column name chosen at run time, quoted for the engine (a quote inside the name is doubled). */
  id(name: string): SqlIdentifier;
}

/** The tag for raw SQL fragments and identifiers; run them with `session.sql` / `session.execute`. */
export const sql: SqlTag = Object.assign(
  (strings: TemplateStringsArray, ...values: SqlValue[]): SqlFragment => ({ [FRAGMENT]: { strings: [...strings], values } }),
  {
    id(name: string): SqlIdentifier {
      if (typeof name !== "string" || name === "" || name.includes("\0")) {
        throw new InvalidArgumentError(`sql.id() takes a non-empty name without NUL characters, not ${JSON.stringify(String(name))}.`);
      }
      return { [IDENTIFIER]: name };
    },
  },
);

/** A tagged template → SQL text with the engine's placeholders, and its values in order. */
export function compileRaw(sb: SqlBuilder, strings: readonly string[], values: readonly unknown[]): string {
  let text = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) text += piece(sb, values[i], i) + (strings[i + 1] ?? "");
  return text;
}

function piece(sb: SqlBuilder, value: unknown, index: number): string {
  if (typeof value === "object" && value !== null) {
    if (IDENTIFIER in value) return sb.q((value as SqlIdentifier)[IDENTIFIER]);
    if (FRAGMENT in value) {
      const f = (value as SqlFragment)[FRAGMENT];
      return compileRaw(sb, f.strings, f.values);
    }
  }
  return sb.param(encodeRaw(sb.dialect, value, index));
}

const BOOLEAN: ColumnTypeMeta = { kind: "Boolean" };
const BIGINT: ColumnTypeMeta = { kind: "BigInt" };
const DATETIME: ColumnTypeMeta = { kind: "DateTime" };
const BYTES: ColumnTypeMeta = { kind: "Bytes" };

/** A JavaScript value → the engine's parameter, as a column of the matching kind would write it. */
function encodeRaw(dialect: Dialect, value: unknown, index: number): unknown {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw badValue(index, value, "a finite number");
      return value;
    case "boolean":
      return dialect.encode(BOOLEAN, value);
    case "bigint":
      return dialect.encode(BIGINT, value);
    case "object":
      if (value === null) return null;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw badValue(index, value, "a valid Date");
        return dialect.encode(DATETIME, value);
      }
      if (value instanceof Uint8Array) return dialect.encode(BYTES, value);
      break;
  }
  throw badValue(index, value, "a string, number, bigint, boolean, Date, Uint8Array, null, sql.id(...) or sql`...`");
}

function badValue(index: number, value: unknown, wanted: string): InvalidArgumentError {
  const shown = value === undefined ? "undefined" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : String(value);
  const hint = Array.isArray(value)
    ? " For a list, write one ${} per element (or JSON text and the engine's JSON functions)."
    : typeof value === "object" && value !== null
      ? " For JSON, pass JSON.stringify(value)."
      : value === undefined
        ? " Pass null for SQL NULL."
        : "";
  return new InvalidArgumentError(`Raw SQL value #${index + 1} is ${shown}; it must be ${wanted}. Nothing was run.${hint}`);
}

/** `SELECT <the entity's select list> FROM (<user SQL>) r`: the runtime's own select expressions and decoders apply. */
export function entityStatement(sb: SqlBuilder, mapper: EntityMapper, strings: readonly string[], values: readonly unknown[]): { sql: string; inner: string } {
  const inner = trimStatement(compileRaw(sb, strings, values));
  return { sql: `SELECT ${mapper.selectList(sb, "r")} FROM (${inner}) ${sb.q("r")}`, inner };
}

/** A trailing `;` would end the statement inside the wrapping SELECT. */
function trimStatement(text: string): string {
  return text.replace(/[\s;]+$/, "");
}

/**
 * After the wrapped statement failed: when the user's statement alone runs
 * but lacks some of the entity's columns, a `RawSqlColumnsError` naming them
 * (one more statement, only on this path); otherwise the error as it was.
 */
export async function explainEntityFailure(
  error: unknown,
  conn: LoggedConnection,
  mapper: EntityMapper,
  inner: string,
  params: readonly unknown[],
): Promise<unknown> {
  // Inside a PostgreSQL transaction the failure aborted it: the probe is refused and the error stays as it was.
  if (!conn.raw.queryNamed) return error;
  let columns: string[];
  try {
    const probe = `SELECT * FROM (${inner}) ${mapper.dialect.quote("r")} WHERE 1 = 0`;
    columns = (await conn.queryNamed(probe, params)).columns;
  } catch {
    return error;
  }
  const have = new Set(columns);
  const missing = mapper.info.columns.filter((c) => !have.has(c.column)).map((c) => c.column);
  if (missing.length === 0) return error;
  const entity = mapper.info.name;
  return new RawSqlColumnsError(
    `session.sql(${entity}): the statement does not select ${missing.map((m) => JSON.stringify(m)).join(", ")}, ` +
      `which ${entity} needs (columns of ${mapper.info.meta.table}). Select every column of the table ` +
      `(\`SELECT ${mapper.info.meta.table}.* ...\`), alias computed ones to the column names, or use session.sql\`...\` for plain rows.`,
    entity,
    missing,
    { cause: error },
  );
}

/** `session.sql(Model)` over a statement that does not select every column the entity needs. */
export class RawSqlColumnsError extends RelgenError {
  override readonly name = "RawSqlColumnsError";
  constructor(
    message: string,
    readonly entity: string,
    readonly missing: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Rows keyed by column name; a name selected twice would silently lose one value, so it is refused. */
export function keyedRows(columns: readonly string[], rows: readonly unknown[][], sqlText: string): Record<string, unknown>[] {
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) {
      throw new InvalidArgumentError(
        `session.sql: the statement selects two columns named ${JSON.stringify(c)}; give one an alias (AS other_name). Statement: ${sqlText}`,
      );
    }
    seen.add(c);
  }
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) out[columns[i]!] = row[i];
    return out;
  });
}

/**
 * A raw statement's error as the runtime's: constraint failures as the typed
 * constraint errors (the raw statement has no object to name, so the table and
 * column the engine reported), anything untyped as a `StatementError`.
 */
export function rawError(error: unknown, dialect: Dialect, sqlText: string, params: readonly unknown[]): unknown {
  if (error instanceof RelgenError) return error;
  const found = dialect.classifyError(error);
  if (!found) return statementError(error, dialect, sqlText, params);
  const where = [found.table, found.columns?.join(", ")].filter(Boolean).join(".");
  const Class = constraintErrorClass[found.kind];
  return new Class(
    `The database refused a raw statement: ${found.kind} constraint${found.constraint ? ` ${found.constraint}` : ""}` +
      `${where ? ` on ${where}` : ""}. Nothing of the statement was applied. Statement: ${sqlText.length > 200 ? sqlText.slice(0, 197) + "..." : sqlText}`,
    {
      kind: found.kind,
      entity: undefined,
      field: undefined,
      value: undefined,
      table: found.table,
      column: found.columns?.[0],
      constraint: found.constraint,
      sql: sqlText,
      params,
      cause: error,
    },
  );
}

/** What the raw statements need from the session. */
export interface RawHost {
  readonly engine: { readonly dialect: Dialect; mapperOf(entity: string): EntityMapper };
  useConnection<R>(work: (conn: LoggedConnection) => Promise<R>): Promise<R>;
  materialize(mapper: EntityMapper, row: readonly unknown[], offset: number, json: boolean): object;
}

export function checkTemplate(strings: unknown, what: string): asserts strings is TemplateStringsArray {
  if (!Array.isArray(strings) || !Array.isArray((strings as { raw?: unknown }).raw)) {
    throw new InvalidArgumentError(
      `${what} is a template tag: write ${what}\`SELECT ... WHERE id = \${id}\` (no parentheses), so every value is bound, never pasted into the SQL text.`,
    );
  }
}

/** `session.sql\`...\``: plain rows keyed by column name. */
export async function rawRows(host: RawHost, strings: TemplateStringsArray, values: readonly unknown[]): Promise<Record<string, unknown>[]> {
  const sb = new SqlBuilder(host.engine.dialect);
  const text = compileRaw(sb, strings, values);
  return host.useConnection(async (conn) => {
    const result = await conn.queryNamed(text, sb.params).catch((error: unknown) => {
      throw rawError(error, sb.dialect, text, sb.params);
    });
    return keyedRows(result.columns, result.rows, text);
  });
}

/** `session.sql(Model)\`...\``: the session's objects for the rows, through the identity map. */
export async function rawEntities(host: RawHost, mapper: EntityMapper, strings: TemplateStringsArray, values: readonly unknown[]): Promise<object[]> {
  const sb = new SqlBuilder(host.engine.dialect);
  const { sql: text, inner } = entityStatement(sb, mapper, strings, values);
  return host.useConnection(async (conn) => {
    let rows: unknown[][];
    try {
      rows = await conn.query(text, sb.params);
    } catch (error) {
      throw rawError(await explainEntityFailure(error, conn, mapper, inner, sb.params), sb.dialect, text, sb.params);
    }
    const out: object[] = [];
    for (const row of rows) out.push(host.materialize(mapper, row, 0, false));
    return out;
  });
}

/** `session.execute\`...\``: a statement that changes rows, past the identity map. */
export async function rawExecute(host: RawHost, strings: TemplateStringsArray, values: readonly unknown[]): Promise<{ changes: number }> {
  const sb = new SqlBuilder(host.engine.dialect);
  const text = trimStatement(compileRaw(sb, strings, values));
  return host.useConnection(async (conn) => {
    const result = await conn.execute(text, sb.params).catch((error: unknown) => {
      throw rawError(error, sb.dialect, text, sb.params);
    });
    return { changes: result.changes };
  });
}
