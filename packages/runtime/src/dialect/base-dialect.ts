import type { ColumnTypeMeta } from "../schema-meta.js";
import type { ClassifiedError, Dialect } from "./dialect.js";
import { fromHex } from "../util/platform.js";

/**
 * What the three engines share, written once. A dialect extends this class and
 * overrides the hooks its engine spells differently (placeholders, the quote
 * character, JSON functions, how a value crosses its driver); the checks that
 * reject a wrong JavaScript type stay here so every engine reports them alike.
 *
 * The hooks are methods: call them on the dialect (`dialect.quote(x)`), not
 * detached.
 */
export abstract class BaseDialect implements Dialect {
  abstract readonly name: Dialect["name"];
  abstract readonly supportsReturning: boolean;

  /** `"` (SQL standard); MySQL overrides it with a backtick. */
  protected readonly quoteChar: string = '"';
  /**
   * The LIMIT that means "no limit", for an OFFSET without a LIMIT: SQLite
   * needs one (`-1`); PostgreSQL would say `ALL`, MySQL `18446744073709551615`.
   */
  protected readonly noLimit: string = "-1";

  quote(identifier: string): string {
    const q = this.quoteChar;
    return q + identifier.split(q).join(q + q) + q;
  }

  placeholder(_index: number): string {
    return "?";
  }

  encode(type: ColumnTypeMeta, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    return this.encodeChecked(type, checkValue(type, value));
  }

  /**
   * A value that passed the type check → the driver's parameter. Date and
   * DateTime arrive as valid `Date`s (ISO strings already parsed). The default
   * writes dates as ISO text and JSON as its text; everything else as is.
   */
  protected encodeChecked(type: ColumnTypeMeta, value: unknown): unknown {
    switch (type.kind) {
      case "Date":
        return formatIsoDate(value as Date);
      case "DateTime":
        return (value as Date).toISOString();
      case "Json":
        return JSON.stringify(value);
      default:
        return value;
    }
  }

  selectColumn(expression: string, _type: ColumnTypeMeta): string {
    return expression;
  }

  /**
   * Lenient about the raw form on purpose: drivers differ (a BigInt may come
   * as text or bigint, a Boolean as 0/1 or true/false, a date as text or
   * `Date`), and the JSON path hands its values here too.
   */
  decode(type: ColumnTypeMeta, raw: unknown): unknown {
    if (raw === null || raw === undefined) return null;
    switch (type.kind) {
      case "Int":
      case "Float":
        return typeof raw === "number" ? raw : Number(raw);
      case "BigInt":
        return typeof raw === "bigint" ? raw : BigInt(raw as string | number);
      case "Decimal":
        return plainDecimal(String(raw));
      case "Boolean":
        if (typeof raw === "boolean") return raw;
        // PostgreSQL's text form ('t'/'f'), when a pool's parsers leave booleans unparsed.
        if (typeof raw === "string" && (raw === "t" || raw === "f")) return raw === "t";
        return Number(raw) !== 0;
      case "Date":
        return raw instanceof Date ? raw : parseIsoDate(String(raw));
      case "DateTime":
        return raw instanceof Date ? raw : parseIsoDateTime(String(raw));
      case "Json":
        // Text that holds JSON; an engine whose driver parses JSON overrides this.
        return typeof raw === "string" ? JSON.parse(raw) : raw;
      case "Bytes":
        return raw instanceof Uint8Array ? raw : bytesFromHex(String(raw));
      default:
        return raw;
    }
  }

  jsonRow(expressions: readonly string[]): string {
    return `json_array(${expressions.join(", ")})`;
  }

  jsonColumn(expression: string, _type: ColumnTypeMeta): string {
    return expression;
  }

  abstract jsonArrayAgg(rowExpression: string, orderBy: string): string;

  /**
   * JSON carries numbers, strings and booleans, which `decode` already reads;
   * Bytes arrive as hex text (see `jsonColumn`) and Json values are embedded
   * as JSON, so they are already parsed.
   */
  decodeJson(type: ColumnTypeMeta, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (type.kind) {
      case "Bytes":
        return bytesFromHex(value as string);
      case "Json":
        return value;
      default:
        return this.decode(type, value);
    }
  }

  parseJson(raw: unknown): unknown {
    if (raw === null || raw === undefined) return null;
    return typeof raw === "string" ? JSON.parse(raw) : raw;
  }

  limitOffset(limit: number | undefined, offset: number | undefined, param: (value: unknown) => string): string {
    if (limit !== undefined) checkCount("limit", limit);
    if (offset !== undefined) checkCount("offset", offset);
    if (limit === undefined && offset === undefined) return "";
    const limitSql = limit === undefined ? this.noLimit : param(limit);
    return offset === undefined ? ` LIMIT ${limitSql}` : ` LIMIT ${limitSql} OFFSET ${param(offset)}`;
  }

  abstract classifyError(error: unknown): ClassifiedError | undefined;
}

function checkCount(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Rejects a JavaScript value that does not fit the column's kind, naming the
 * type it expected, and returns the value to encode (an ISO string given for
 * a Date or DateTime comes back as a `Date`).
 */
export function checkValue(type: ColumnTypeMeta, value: unknown): unknown {
  switch (type.kind) {
    case "Int":
      if (typeof value === "number" && Number.isInteger(value)) return value;
      throw wrongType(type, "an integer number", value);
    case "Float":
      if (typeof value === "number" && !Number.isNaN(value)) return value;
      throw wrongType(type, "a number (not NaN)", value);
    case "BigInt":
      if (typeof value !== "bigint") throw wrongType(type, "a bigint", value);
      if (value < INT64_MIN || value > INT64_MAX) {
        throw new RangeError(`BigInt column: ${value} does not fit in a signed 64-bit integer`);
      }
      return value;
    case "Decimal":
      if (typeof value === "string" && DECIMAL_TEXT.test(value)) return value;
      throw wrongType(type, 'a decimal string such as "12.50"', value);
    case "Boolean":
      if (typeof value === "boolean") return value;
      throw wrongType(type, "a boolean", value);
    case "Date":
    case "DateTime": {
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw wrongType(type, "a valid Date", value);
        return value;
      }
      const parsed = typeof value === "string" ? tryParseIsoDateTime(value) : undefined;
      if (parsed) return parsed;
      throw wrongType(type, "a Date or an ISO 8601 string", value);
    }
    case "Json":
      // JSON.stringify drops these silently; writing them would store nothing.
      if (typeof value === "function" || typeof value === "symbol") {
        throw wrongType(type, "a JSON-serialisable value", value);
      }
      return value;
    case "Bytes":
      if (value instanceof Uint8Array) return value;
      throw wrongType(type, "a Uint8Array", value);
    default:
      if (typeof value === "string") return value;
      throw wrongType(type, "a string", value);
  }
}

function wrongType(type: ColumnTypeMeta, expected: string, value: unknown): TypeError {
  const kind = type.kind === "Enum" && type.enum ? `${type.enum} (enum)` : type.kind;
  return new TypeError(`${kind} column: expected ${expected}, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value instanceof Date) return `Date ${Number.isNaN(value.getTime()) ? "(invalid)" : value.toISOString()}`;
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  if (typeof value === "bigint") return `bigint ${value}n`;
  if (typeof value === "object") return Array.isArray(value) ? "an array" : `an object (${value?.constructor?.name ?? "null prototype"})`;
  return typeof value;
}

/** `2024-03-09` for the UTC calendar day of `date`. */
export function formatIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// Date, optional time (T or space), optional fraction of any length (only ms
// kept), optional zone: what toISOString, SQLite's datetime(), PostgreSQL's
// and MySQL's text forms produce. No zone means UTC.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses ISO 8601 text (zone optional, UTC when absent); `undefined` when it is not a real date and time. */
export function tryParseIsoDateTime(text: string): Date | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
  const utc = new Date(0);
  utc.setUTCFullYear(year, month, day);
  utc.setUTCHours(hour, minute, second, ms);
  // Date.UTC rolls 2024-02-30 over into March; a rolled value is not what was written.
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month || utc.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
    utc.setTime(utc.getTime() - sign * offsetMinutes * 60_000);
  }
  return utc;
}

/** ISO 8601 text → `Date`; throws a TypeError naming the text when it is not one. */
export function parseIsoDateTime(text: string): Date {
  // The form toISOString writes (and this runtime stores) parses natively and fast.
  if (text.length === 24 && text.charCodeAt(23) === 90 /* Z */ && text.charCodeAt(10) === 84 /* T */) {
    const fast = new Date(text);
    if (!Number.isNaN(fast.getTime())) return fast;
  }
  const parsed = tryParseIsoDateTime(text);
  if (!parsed) throw new TypeError(`DateTime column: cannot read ${JSON.stringify(text)} as an ISO 8601 date-time`);
  return parsed;
}

/** `YYYY-MM-DD` (or a full date-time, truncated) → that day at UTC midnight. */
export function parseIsoDate(text: string): Date {
  // Date-only ISO text is read as UTC by the Date constructor itself.
  if (text.length === 10) {
    const fast = new Date(text);
    if (!Number.isNaN(fast.getTime()) && formatIsoDate(fast) === text) return fast;
  }
  const parsed = tryParseIsoDateTime(text);
  if (!parsed) throw new TypeError(`Date column: cannot read ${JSON.stringify(text)} as an ISO 8601 date`);
  parsed.setUTCHours(0, 0, 0, 0);
  return parsed;
}

/** Hex text (as SQLite's `hex()` writes it) → bytes. */
export function bytesFromHex(hex: string): Uint8Array {
  return fromHex(hex);
}

/**
 * A decimal in plain notation: engines print large or tiny NUMERIC values in
 * exponent form (`1.0e+20`), which is not what a Decimal column's string
 * should look like.
 */
export function plainDecimal(text: string): string {
  const e = text.search(/[eE]/);
  if (e < 0) return text;
  const negative = text.startsWith("-");
  const mantissa = text.slice(negative || text.startsWith("+") ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const [whole = "", fraction = ""] = mantissa.split(".");
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let result: string;
  if (point <= 0) result = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) result = digits + "0".repeat(point - digits.length);
  else result = digits.slice(0, point) + "." + digits.slice(point);
  result = result.replace(/^0+(?=\d)/, "");
  if (result.includes(".")) result = result.replace(/\.?0+$/, "");
  return (negative && /[1-9]/.test(result) ? "-" : "") + result;
}
