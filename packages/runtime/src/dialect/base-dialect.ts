import type { ColumnTypeMeta, SchemaMeta } from "../schema-meta.js";
import type { ClassifiedError, Dialect } from "./dialect.js";
import { InvalidArgumentError, InvalidValueError } from "../errors/value-errors.js";
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
  /** MySQL and PostgreSQL count parameters in 16 bits. */
  readonly maxParameters: number = 65_535;

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

  encode(type: ColumnTypeMeta, value: unknown, entity?: string, field?: string): unknown {
    if (value === null || value === undefined) return null;
    return this.encodeChecked(type, checkValue(type, value, this.name, entity, field));
  }

  encodeValid(type: ColumnTypeMeta, value: unknown): unknown {
    return this.encodeChecked(type, value);
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
        return isoDateTime(value as Date);
      case "Json":
        // checkValue already wrote the JSON text.
        return value;
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
      // A driver's Date (pg's timestamptz) is copied: the row keeps it as the object's change-tracking
      // baseline, and a field sharing it would carry an in-place edit (setTime) into the baseline too.
      case "Date":
        return raw instanceof Date ? new Date(raw.getTime()) : parseIsoDate(String(raw));
      case "DateTime":
        return raw instanceof Date ? new Date(raw.getTime()) : parseIsoDateTime(String(raw));
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
    throw new InvalidArgumentError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A `\uD800`-`\uDFFF` escape that JSON.stringify wrote for a lone surrogate (an even run of backslashes before it). */
const JSON_LONE_SURROGATE = /(?<!\\)(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/i;
const JSON_NUL = /(?<!\\)(?:\\\\)*\\u0000/;
/** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the times every engine stores and reads back as ISO 8601 text. */
const FIRST_STORABLE_TIME = -62_135_596_800_000;
const END_STORABLE_TIME = 253_402_300_800_000;
/** SQLite keeps a NUMERIC value as a double when it can: more significant digits than this come back rounded. */
const SQLITE_DECIMAL_DIGITS = 15;

const ENGINE_LABEL = { sqlite: "SQLite", postgres: "PostgreSQL", mysql: "MySQL/MariaDB" } as const;

/** Enum column type → its members; filled by {@link registerEnums} when an engine is created. */
const enumMembers = new WeakMap<ColumnTypeMeta, ReadonlySet<string>>();

/** Remembers the members of every enum column of `schema`, so that a value outside them is refused before the statement. */
export function registerEnums(schema: SchemaMeta): void {
  const columns = [...Object.values(schema.entities).flatMap((e) => e.columns), ...schema.tables.flatMap((t) => t.columns)];
  for (const c of columns) {
    const members = c.type.kind === "Enum" && c.type.enum !== undefined ? schema.enums[c.type.enum]?.values : undefined;
    if (members && !enumMembers.has(c.type)) enumMembers.set(c.type, new Set(members));
  }
}

/**
 * Rejects a value its column cannot store exactly, before any statement: the
 * wrong JavaScript type, or a value the column (on `engine`, when given) would
 * refuse, round, truncate or replace. Returns the value to encode: an ISO
 * string given for a Date or DateTime comes back as a `Date`, a Decimal in
 * exponent notation in plain notation, a Json value as its JSON text.
 * `entity` and `field` name the value in the error.
 */
export function checkValue(type: ColumnTypeMeta, value: unknown, engine?: Dialect["name"], entity?: string, field?: string): unknown {
  try {
    return checkKind(type, value, engine);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    throw invalidValue(type, value, error.problem, error.hint, error.engineSpecific ? engine : undefined, entity, field);
  }
}

/** Why a value was refused; `checkValue` turns it into an `InvalidValueError` naming the field. No closure per checked value. */
class Refusal {
  constructor(
    readonly problem: string,
    readonly hint: string,
    readonly engineSpecific: boolean,
  ) {}
}

function refuse(problem: string, hint: string, engineSpecific = false): Refusal {
  return new Refusal(problem, hint, engineSpecific);
}

function checkKind(type: ColumnTypeMeta, value: unknown, engine: Dialect["name"] | undefined): unknown {
  switch (type.kind) {
    case "Int":
      if (typeof value !== "number" || !Number.isInteger(value)) throw refuse("is not an integer", "Pass a whole number (Math.round it first), or declare the field Float or Decimal.");
      if (value < INT32_MIN || value > INT32_MAX) {
        throw refuse(`is outside the 32-bit range of an Int column (${INT32_MIN} to ${INT32_MAX})`, "Declare the field BigInt for larger numbers.");
      }
      return value;
    case "Float":
      if (typeof value !== "number") throw refuse("is not a number", "Pass a number.");
      if (Number.isNaN(value)) throw refuse("cannot be stored (SQLite stores NaN as NULL, MySQL refuses it)", "Store null for a missing value.");
      if (engine === "mysql" && !Number.isFinite(value)) throw refuse("cannot be stored: MySQL and MariaDB have no infinite DOUBLE", "Store null, or a large finite number such as Number.MAX_VALUE.", true);
      return value;
    case "BigInt":
      if (typeof value !== "bigint") {
        throw refuse("is not a bigint", typeof value === "number" ? "Pass a bigint (123n, or BigInt(text) for numbers above 2^53, which a number cannot hold exactly)." : "Pass a bigint such as 123n.");
      }
      if (value < INT64_MIN || value > INT64_MAX) throw refuse("does not fit in a signed 64-bit integer", "Use a Decimal field for larger integers.");
      return value;
    case "Decimal":
      if (typeof value !== "string" || !DECIMAL_TEXT.test(value)) {
        throw refuse("is not a decimal number in a string", 'Pass a string such as "12.50" (a number would already have been rounded to binary).');
      }
      return checkDecimal(type, value, engine);
    case "Boolean":
      if (typeof value === "boolean") return value;
      throw refuse("is not a boolean", "Pass true or false.");
    case "Date":
    case "DateTime": {
      const date = value instanceof Date ? value : typeof value === "string" ? tryParseIsoDateTime(value) : undefined;
      if (!date) throw refuse("is not a Date or an ISO 8601 date-time string", "Pass a Date, or text such as \"2024-03-09T12:00:00Z\".");
      const time = date.getTime();
      if (Number.isNaN(time)) throw refuse("is an invalid Date", "Check where the Date was built: new Date(text) gives an invalid Date for text it cannot read.");
      // Years 0001 to 9999 as a range of times: no calendar computation per value.
      if (time < FIRST_STORABLE_TIME || time >= END_STORABLE_TIME) {
        throw refuse("has a year outside 0001 to 9999, the range every engine stores and reads back as ISO 8601 text", "Check the value; dates outside that range are not supported.");
      }
      if (type.kind === "Date" && time % 86_400_000 !== 0) {
        throw refuse("has a time of day (UTC), which a Date column does not keep", "Pass the day at UTC midnight, e.g. new Date(Date.UTC(y, m, d)) or \"2024-03-09\", or declare the field DateTime.");
      }
      return date;
    }
    case "Json":
      return checkJson(value, engine);
    case "Bytes":
      if (value instanceof Uint8Array) return value;
      throw refuse("is not a Uint8Array", "Pass a Uint8Array or a Buffer (Buffer.from(text) for text).");
    default:
      return checkText(type, value, engine);
  }
}

function checkText(type: ColumnTypeMeta, value: unknown, engine: Dialect["name"] | undefined): string {
  if (typeof value !== "string") throw refuse("is not a string", "Pass a string (String(x) to convert).");
  if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    throw refuse("holds a lone UTF-16 surrogate, which every engine would replace with U+FFFD", "Pass well-formed text (value.toWellFormed() replaces lone surrogates on purpose).");
  }
  switch (type.kind) {
    case "String":
      // A code point is one character on every engine; the UTF-16 length bounds it from above.
      if (type.length !== undefined && value.length > type.length && codePoints(value) > type.length) {
        throw refuse(`is ${codePoints(value)} characters long and the column holds at most ${type.length}`, "Shorten it, or declare a longer String(n) or Text.");
      }
      break;
    case "Uuid":
      if (!UUID_TEXT.test(value)) throw refuse("is not a UUID in its lowercase 8-4-4-4-12 form", 'Pass text such as "123e4567-e89b-12d3-a456-426614174000" (toLowerCase() it first).');
      return value;
    case "Enum": {
      const members = enumMembers.get(type);
      if (members && !members.has(value)) throw refuse(`is not a member of ${type.enum ?? "the enum"}`, `Use one of ${[...members].join(", ")}.`);
      return value;
    }
  }
  if (engine === "postgres" && value.includes("\u0000")) {
    throw refuse("holds a NUL character (U+0000), which PostgreSQL text cannot store", "Remove it, or store binary data in a Bytes field.", true);
  }
  return value;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A Decimal's digits against its column's precision and scale; returns it in plain notation. */
function checkDecimal(type: ColumnTypeMeta, value: string, engine: Dialect["name"] | undefined): string {
  let text = value;
  const e = text.search(/[eE]/);
  if (e >= 0) {
    if (Math.abs(Number(text.slice(e + 1))) > 1000) throw refuse("has an exponent beyond any column's range", "Pass the number in plain notation.");
    text = plainDecimal(text);
  }
  const unsigned = text.startsWith("-") || text.startsWith("+") ? text.slice(1) : text;
  const point = unsigned.indexOf(".");
  const whole = (point < 0 ? unsigned : unsigned.slice(0, point)).replace(/^0+/, "");
  const fraction = point < 0 ? "" : unsigned.slice(point + 1).replace(/0+$/, "");
  const { precision, scale = 0 } = type;
  const shape = precision === undefined ? "Decimal" : `Decimal(${precision}, ${scale})`;
  if (precision !== undefined) {
    if (fraction.length > scale) {
      throw refuse(`has ${fraction.length} digits after the point and ${shape} keeps ${scale}, so the database would round it`, "Round it to the column's scale first, or declare a larger scale.");
    }
    if (whole.length > precision - scale) {
      throw refuse(`has ${whole.length} digits before the point and ${shape} holds at most ${precision - scale}`, "Declare a larger precision.");
    }
  }
  if (engine === "sqlite") {
    const significant = (whole + fraction).replace(/^0+/, "").replace(/0+$/, "").length;
    if (significant > SQLITE_DECIMAL_DIGITS) {
      throw refuse(`has ${significant} significant digits; SQLite keeps a Decimal column's numbers as doubles, which hold ${SQLITE_DECIMAL_DIGITS}`, "Use at most 15 significant digits on SQLite, or store the value in a String field.", true);
    }
  }
  return text;
}

/** A Json value → its JSON text, refused when JSON cannot carry it or the engine would not store the text. */
function checkJson(value: unknown, engine: Dialect["name"] | undefined): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw refuse(`cannot be written as JSON (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`, "Convert bigints to strings or numbers and break cycles before storing.");
  }
  // JSON.stringify gives undefined for a function or a symbol: writing it would store nothing.
  if (text === undefined) throw refuse("is not a JSON value", "Pass an object, array, string, number, boolean or null.");
  if (text.includes("\\u")) {
    if (JSON_LONE_SURROGATE.test(text)) {
      throw refuse("holds a string with a lone UTF-16 surrogate, which PostgreSQL and MariaDB refuse in JSON", "Pass well-formed text (toWellFormed() replaces lone surrogates on purpose).");
    }
    if (engine === "postgres" && JSON_NUL.test(text)) {
      throw refuse("holds a string with a NUL character (\\u0000), which PostgreSQL's jsonb cannot store", "Remove the NUL characters.", true);
    }
  }
  return text;
}

function invalidValue(
  type: ColumnTypeMeta,
  value: unknown,
  problem: string,
  hint: string,
  engine: Dialect["name"] | undefined,
  entity: string | undefined,
  field: string | undefined,
): InvalidValueError {
  const shape = typeLabel(type);
  const where = entity !== undefined && field !== undefined ? `${entity}.${field}` : "a column";
  const on = engine === undefined ? "" : ` on ${ENGINE_LABEL[engine]}`;
  return new InvalidValueError(
    `Cannot use ${describe(value)} for ${where} (${shape}${on}): it ${problem}. ${hint} Nothing was sent to the database.`,
    entity,
    field,
    value,
    shape,
    engine === undefined ? undefined : ENGINE_LABEL[engine],
  );
}

/** `String(80)`, `Decimal(10, 2)`, `OrderStatus (enum)`, `Int`. */
export function typeLabel(type: ColumnTypeMeta): string {
  if (type.kind === "Enum") return `${type.enum ?? "Enum"} (enum)`;
  if (type.kind === "String" && type.length !== undefined) return `String(${type.length})`;
  if (type.kind === "Decimal" && type.precision !== undefined) return `Decimal(${type.precision}, ${type.scale ?? 0})`;
  return type.kind;
}

export function describeValue(value: unknown): string {
  if (value instanceof Date) return `Date ${Number.isNaN(value.getTime()) ? "(invalid)" : dateText(value)}`;
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}${value.length > 40 ? ` (${value.length} UTF-16 units)` : ""}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${Object.is(value, -0) ? "-0" : String(value)}`;
  if (typeof value === "bigint") return `bigint ${value}n`;
  if (typeof value === "object") return Array.isArray(value) ? "an array" : `an object (${value?.constructor?.name ?? "null prototype"})`;
  return typeof value;
}
const describe = describeValue;

function dateText(date: Date): string {
  const year = date.getUTCFullYear();
  return year >= 0 && year <= 9999 ? date.toISOString() : `${date.toISOString()} (year ${year})`;
}

/** `2024-03-09` for the UTC calendar day of `date`. */
export function formatIsoDate(date: Date): string {
  return isoDateTime(date).slice(0, 10);
}

const DAY_MS = 86_400_000;

/**
 * `date.toISOString()`, by arithmetic for the years 0001 to 9999 (all that
 * `checkValue` lets through): V8's toISOString costs about a microsecond, which
 * a flush of thousands of rows would pay per date. Days to the civil calendar
 * as in Howard Hinnant's `civil_from_days`.
 */
export function isoDateTime(date: Date): string {
  const time = date.getTime();
  if (!(time >= FIRST_STORABLE_TIME && time < END_STORABLE_TIME)) return date.toISOString();
  const days = Math.floor(time / DAY_MS);
  let ms = time - days * DAY_MS;
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(ms / 3_600_000);
  ms -= hour * 3_600_000;
  const minute = Math.floor(ms / 60_000);
  ms -= minute * 60_000;
  const second = Math.floor(ms / 1000);
  ms -= second * 1000;
  // One flat string from character codes: a template of eight pieces makes a rope the driver flattens again.
  return String.fromCharCode(
    48 + ((year / 1000) | 0),
    48 + (((year / 100) | 0) % 10),
    48 + (((year / 10) | 0) % 10),
    48 + (year % 10),
    45,
    48 + ((month / 10) | 0),
    48 + (month % 10),
    45,
    48 + ((day / 10) | 0),
    48 + (day % 10),
    84,
    48 + ((hour / 10) | 0),
    48 + (hour % 10),
    58,
    48 + ((minute / 10) | 0),
    48 + (minute % 10),
    58,
    48 + ((second / 10) | 0),
    48 + (second % 10),
    46,
    48 + ((ms / 100) | 0),
    48 + (((ms / 10) | 0) % 10),
    48 + (ms % 10),
    90,
  );
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
  const parsed = canonicalDateTime(text) ?? tryParseIsoDateTime(text);
  if (!parsed) throw new TypeError(`DateTime column: cannot read ${JSON.stringify(text)} as an ISO 8601 date-time`);
  return parsed;
}

/**
 * The form toISOString writes and this runtime stores (`2024-01-31T12:00:00.000Z`),
 * read digit by digit and turned into a time by arithmetic: a large read
 * decodes one per row, and this is a few times faster than the Date
 * constructor's parser (and faster than Date.UTC, which the day check would
 * need a second call for). Anything else, or a year below 100 (which goes the
 * general way), is undefined.
 */
function canonicalDateTime(t: string): Date | undefined {
  if (
    t.length !== 24 ||
    t.charCodeAt(4) !== 45 ||
    t.charCodeAt(7) !== 45 ||
    t.charCodeAt(10) !== 84 ||
    t.charCodeAt(13) !== 58 ||
    t.charCodeAt(16) !== 58 ||
    t.charCodeAt(19) !== 46 ||
    t.charCodeAt(23) !== 90
  ) {
    return undefined;
  }
  const year = twoDigits(t, 0) * 100 + twoDigits(t, 2);
  const month = twoDigits(t, 5);
  const day = twoDigits(t, 8);
  const hour = twoDigits(t, 11);
  const minute = twoDigits(t, 14);
  const second = twoDigits(t, 17);
  const ms = twoDigits(t, 20) * 10 + oneDigit(t, 22);
  // NaN (a non-digit) fails every comparison below.
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0)) {
    return undefined;
  }
  return new Date(((daysSinceEpoch(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms);
}

function oneDigit(text: string, at: number): number {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

function twoDigits(text: string, at: number): number {
  return oneDigit(text, at) * 10 + oneDigit(text, at + 1);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil; March-based years put the leap day last). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
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
