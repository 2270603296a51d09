import type { Dialect } from "../dialect/dialect.js";
import type { EntityInfo } from "../model/entity-info.js";
import type { ColumnMeta, ColumnTypeMeta } from "../schema-meta.js";
import type { SqlBuilder } from "../query/sql-builder.js";
import { toHex } from "../util/platform.js";
import { typeLabel } from "../dialect/base-dialect.js";
import { UnreadableValueError } from "../errors/value-errors.js";
import { ORIGIN, PRELOADED, ROW, STATE, type Carrier, type InstanceState, type RowOrigin } from "../model/instance-state.js";

type Decoder = ((raw: unknown) => unknown) | undefined;
/** Builds a model object from a row: a constructor, so V8 sizes the objects for all their fields at once. */
type Hydrate = new (row: readonly unknown[], offset: number, decoders: readonly Decoder[], origin: RowOrigin) => object;

/** Kinds whose driver value already is the JavaScript value on every engine: no decode call per value. */
const PASS_THROUGH = new Set(["Int", "Float", "String", "Text", "Uuid", "Enum"]);

/**
 * One entity as one engine reads and writes it: select lists, decoders, and a
 * row → object builder compiled once per entity (plain property stores in
 * column order, no per-row lookups of column names), plus cached INSERT text.
 */
export class EntityMapper {
  readonly table: string;
  readonly rowDecoders: readonly Decoder[];
  readonly jsonDecoders: readonly Decoder[];
  readonly Hydrate: Hydrate;
  /** Comparable forms of the column values: what change detection compares against. */
  readonly snapshotOf: (obj: object) => unknown[];
  /** `keyOf` compiled: a single key of a kind `keyPart` leaves as it is is read and returned, nothing else. */
  private readonly objectKey: (obj: object) => unknown;
  readonly proto: object;
  private readonly insertCache = new Map<string, string>();

  constructor(
    readonly info: EntityInfo,
    readonly dialect: Dialect,
  ) {
    this.table = dialect.quote(info.meta.table);
    this.proto = info.model.prototype as object;
    this.rowDecoders = info.columns.map((c) => decoderFor(info.meta.table, c, (t, v) => dialect.decode(t, v)));
    this.jsonDecoders = info.columns.map((c) => decoderFor(info.meta.table, c, (t, v) => dialect.decodeJson(t, v)));
    this.Hydrate = compileHydrate(info.columns, this.proto);
    this.snapshotOf = compileSnapshot(info.columns);
    this.objectKey = compileKeyOf(info);
  }

  get columnCount(): number {
    return this.info.columns.length;
  }

  selectList(sb: SqlBuilder, alias: string): string {
    return this.info.columns.map((c) => this.dialect.selectColumn(sb.col(alias, c.column), c.type)).join(", ");
  }

  jsonColumns(sb: SqlBuilder, alias: string): string[] {
    return this.info.columns.map((c) => this.dialect.jsonColumn(sb.col(alias, c.column), c.type));
  }

  /** The identity-map key of a row's (already decoded by `decoders`) primary key. */
  keyFromRow(row: readonly unknown[], offset: number, decoders: readonly Decoder[]): unknown {
    const pk = this.info.pkIndexes;
    if (pk.length === 1) {
      const i = pk[0]!;
      const decode = decoders[i];
      const raw = row[offset + i];
      return decode && raw !== null ? keyPart(decode(raw)) : raw;
    }
    return pk
      .map((i) => {
        const decode = decoders[i];
        const raw = row[offset + i];
        return keyPart(decode && raw !== null ? decode(raw) : raw);
      })
      .join("\u0001");
  }

  /** The comparable column values the object was read or last written with. */
  baseline(state: InstanceState): unknown[] {
    if (state.snapshot) return state.snapshot;
    const raw = state.raw!;
    const offset = state.rawOffset;
    const decoders = state.rawJson ? this.jsonDecoders : this.rowDecoders;
    const columns = this.info.columns;
    const out = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const v = raw[offset + i];
      const decode = decoders[i];
      out[i] = comparable(v === null || v === undefined || !decode ? (v ?? null) : decode(v), columns[i]!.type.kind);
    }
    state.snapshot = out;
    state.raw = undefined;
    return out;
  }

  /**
   * Whether an object a load built (and nothing has asked about since) had a
   * column changed: compared with its row in place, so a flush after a large
   * read neither allocates state for every object nor misses a plain field write.
   */
  changedSinceRow(obj: object): boolean {
    const carrier = obj as Carrier;
    const row = carrier[ROW];
    const origin = carrier[ORIGIN];
    if (!row || !origin) return false;
    const decoders = origin.json ? this.jsonDecoders : this.rowDecoders;
    const values = obj as Record<string, unknown>;
    const columns = this.info.columns;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const v = row[origin.offset + i];
      const decode = decoders[i];
      const before = v === null || v === undefined || !decode ? (v ?? null) : decode(v);
      if (comparable(before, column.type.kind) !== comparable(values[column.name], column.type.kind)) return true;
    }
    return false;
  }

  keyOf(obj: object): unknown {
    return this.objectKey(obj);
  }

  insertSql(columns: readonly ColumnMeta[], returning: readonly ColumnMeta[]): string {
    const cacheKey = columns.map((c) => c.name).join(",") + "|" + returning.map((c) => c.name).join(",");
    let sql = this.insertCache.get(cacheKey);
    if (!sql) {
      const d = this.dialect;
      const names = columns.map((c) => d.quote(c.column)).join(", ");
      const values = columns.map((_, i) => d.placeholder(i + 1)).join(", ");
      sql =
        columns.length === 0
          ? `INSERT INTO ${this.table} ${d.defaultValuesClause?.() ?? "DEFAULT VALUES"}`
          : `INSERT INTO ${this.table} (${names}) VALUES (${values})`;
      if (returning.length > 0 && d.supportsReturning) {
        sql += ` RETURNING ${returning.map((c) => d.selectColumn(d.quote(c.column), c.type)).join(", ")}`;
      }
      this.insertCache.set(cacheKey, sql);
    }
    return sql;
  }
}

function compileKeyOf(info: EntityInfo): (obj: object) => unknown {
  const pk = info.meta.primaryKey;
  const reads = pk.map((f) => {
    const read = `o[${JSON.stringify(f)}]`;
    const kind = info.columns[info.columnIndex.get(f)!]?.type.kind;
    return kind !== undefined && PASS_THROUGH.has(kind) ? read : `k(${read})`;
  });
  const body = pk.length === 1 ? `return ${reads[0]};` : `return [${reads.join(", ")}].join("\u0001");`;
  return new Function("k", `return function keyOf(o) {\n${body}\n};`)(keyPart) as (obj: object) => unknown;
}

/** The identity-map key for primary-key values in key order (what `keyOf` gives for an object). */
/** A stored value as the model holds it: NULL (or a missing cell) is null, the rest through the column's decoder if it has one. */
export function decoded(raw: unknown, decode: ((raw: unknown) => unknown) | undefined): unknown {
  return raw === null || raw === undefined ? null : decode ? decode(raw) : raw;
}

export function identityKey(values: readonly unknown[]): unknown {
  return values.length === 1 ? keyPart(values[0]) : values.map(keyPart).join("\u0001");
}

/** Identity keys compare with ===: dates and bigints become strings. */
export function keyPart(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return `${value}n`;
  return value;
}

function decoderFor(table: string, column: ColumnMeta, decode: (type: ColumnTypeMeta, raw: unknown) => unknown): Decoder {
  const type = column.type;
  if (PASS_THROUGH.has(type.kind)) return undefined;
  return (raw) => {
    try {
      return decode(type, raw);
    } catch (error) {
      throw unreadable(table, column, raw, error);
    }
  };
}

/** A stored value the decoder could not read → an error naming where it sits (thrown only on failure: the read path stays as it was). */
function unreadable(table: string, column: ColumnMeta, raw: unknown, error: unknown): UnreadableValueError {
  const shape = typeLabel(column.type);
  const text = typeof raw === "string" ? JSON.stringify(raw.length > 60 ? raw.slice(0, 60) + "…" : raw) : String(raw);
  return new UnreadableValueError(
    `Cannot read ${table}.${column.column} as ${shape}: the database holds ${text}` +
      ` (${error instanceof Error ? error.message : String(error)}). It was written outside relgen or by an older version; ` +
      `fix the row (UPDATE ${table} SET ${column.column} = ...) or declare the field with a type that holds it.`,
    table,
    column.column,
    raw,
    shape,
    { cause: error },
  );
}

function compileHydrate(columns: readonly ColumnMeta[], proto: object): Hydrate {
  const lines = columns.map((c, i) => {
    const prop = JSON.stringify(c.name);
    return PASS_THROUGH.has(c.type.kind)
      ? `this[${prop}] = row[offset + ${i}];`
      : `v = row[offset + ${i}]; this[${prop}] = v === null || v === undefined ? null : d[${i}](v);`;
  });
  const body = `return function Hydrated(row, offset, d, origin) {\nlet v;\n${lines.join("\n")}\nthis[S] = undefined; this[R] = row; this[O] = origin; this[P] = undefined;\n};`;
  const Hydrated = new Function("S", "R", "O", "P", body)(STATE, ROW, ORIGIN, PRELOADED) as Hydrate & { prototype: object };
  Hydrated.prototype = proto;
  return Hydrated;
}

function compileSnapshot(columns: readonly ColumnMeta[]): (obj: object) => unknown[] {
  // `comparable` inlined for the kinds whose form is the value itself or a Date's time: no call per value.
  const parts = columns.map((c) => {
    const read = `o[${JSON.stringify(c.name)}]`;
    const kind = c.type.kind;
    if (kind === "Date" || kind === "DateTime") return `(v = ${read}) instanceof Date ? v.getTime() : v`;
    if (kind === "Json" || kind === "Bytes" || kind === "BigInt") return `c(${read}, ${JSON.stringify(kind)})`;
    return read;
  });
  const body = `return function snapshotOf(o) {\nlet v;\nreturn [${parts.join(", ")}];\n};`;
  return new Function("c", body)(comparable) as (obj: object) => unknown[];
}

/** A Json value's text; one JSON cannot write (a bigint, a cycle) compares unequal to everything, so the write refuses it. */
function jsonText(value: unknown): unknown {
  try {
    return JSON.stringify(value);
  } catch {
    return {};
  }
}

/** A value in a form `===` can compare: dates by time, JSON by text, bytes by hex. */
export function comparable(value: unknown, kind: string): unknown {
  if (value === null || value === undefined) return value;
  switch (kind) {
    case "Date":
    case "DateTime":
      return value instanceof Date ? value.getTime() : value;
    case "Json":
      return jsonText(value);
    case "Bytes":
      return value instanceof Uint8Array ? toHex(value) : value;
    case "BigInt":
      return typeof value === "bigint" ? `${value}n` : value;
    default:
      return value;
  }
}
