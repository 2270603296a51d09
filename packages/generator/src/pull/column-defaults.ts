import type { ColumnDetails, MigrationDialect } from "@relgen/runtime/migrate";

/**
 * A column default in `.rel` words: the argument of `@default(...)`, or a
 * note when the expression has no `.rel` spelling (it is then left out and
 * listed). `kind` tells the type mapping about relgen's own conventions.
 */
export interface MappedDefault {
  readonly value?: string;
  readonly kind?: "now" | "uuid" | "literal";
  readonly note?: string;
}

const NOW =
  /^(now\(\)|current_timestamp(\(\d*\))?|current_date|curdate\(\)|localtimestamp|strftime\('%Y-%m-%dT%H:%M:%fZ',\s*'now'\)|datetime\('now'\)|date\('now'\)|transaction_timestamp\(\))$/i;
// The last is relgen's own SQLite uuid expression (a version-4 layout); a shorter random hex is not a uuid.
const UUID = /^(gen_random_uuid\(\)|uuid\(\)|uuid_generate_v4\(\)|lower\(hex\(randomblob\(4\)\)\s*\|\|\s*'-'.*'-4'.*)$/is;
const NUMBER = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** `(x)` → `x` as long as the parentheses enclose the whole text. */
function unwrap(text: string): string {
  let t = text.trim();
  while (t.startsWith("(") && t.endsWith(")") && closes(t)) t = t.slice(1, -1).trim();
  return t;
}
const closes = (t: string) => {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === "(") depth++;
    else if (t[i] === ")" && --depth === 0 && i < t.length - 1) return false;
  }
  return true;
};

/** PostgreSQL prints `'Pending'::"OrderStatus"`, `'-2.5'::numeric`: the cast is the column's type, not the value. */
const stripCasts = (t: string) => t.replace(/::(?:"[^"]+"|[a-z_ ]+(?:\(\d+(?:,\d+)?\))?)(?:\[\])?$/i, "");

/** `'it''s'` → `it's`; undefined when the text is not one SQL string literal. */
function sqlString(t: string, backslashes: boolean): string | undefined {
  const match = /^(?:_[a-z0-9]+)?'((?:[^'\\]|''|\\.)*)'$/is.exec(t);
  if (match === null) return undefined;
  const body = match[1]!.replace(/''/g, "'");
  return backslashes ? body.replace(/\\(.)/g, "$1") : body;
}

const relString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

const expressionOf = (raw: string) => unwrap(stripCasts(unwrap(raw)));

/** Which of relgen's generated defaults a column has: SQLite's TEXT needs it to tell a DateTime or Uuid from text. */
export function conventionOf(column: ColumnDetails): "now" | "uuid" | undefined {
  if (column.default === null) return undefined;
  const text = expressionOf(column.default);
  return NOW.test(text) ? "now" : UUID.test(text) ? "uuid" : undefined;
}

/** `type` is the column's `.rel` type (a Boolean reads 0/1, a number reads '2.5'). */
export function mapDefault(
  dialect: MigrationDialect,
  column: ColumnDetails,
  type: string,
  enumValues: readonly string[] | undefined,
): MappedDefault {
  if (column.autoincrement) return { value: "autoincrement()" };
  if (column.default === null) return {};
  const raw = column.default;
  const text = expressionOf(raw);
  if (/^null$/i.test(text)) return {};
  const convention = conventionOf(column);
  if (convention !== undefined) return { value: `${convention}()`, kind: convention };
  const asString = sqlString(text, dialect === "mysql");
  // MySQL 8 prints a literal default without quotes; its EXTRA marks the expressions.
  const mysqlBare = dialect === "mysql" && asString === undefined && !column.expressionDefault && !/[()]/.test(text) && !NUMBER.test(text);
  const literal = asString ?? (mysqlBare ? text : undefined);
  if (enumValues !== undefined && literal !== undefined) {
    return enumValues.includes(literal) ? { value: literal, kind: "literal" } : { note: `default ${raw} is not one of its enum values` };
  }
  const number = NUMBER.test(text) ? text : literal !== undefined && NUMBER.test(literal) ? literal : undefined;
  if (/^Boolean/.test(type)) {
    if (/^(true|'t'|1|b'1')$/i.test(text) || number === "1") return { value: "true", kind: "literal" };
    if (/^(false|'f'|0|b'0')$/i.test(text) || number === "0") return { value: "false", kind: "literal" };
  }
  if (/^(Int|BigInt|Float|Decimal)/.test(type) && number !== undefined) return { value: String(number).replace(/^\+/, ""), kind: "literal" };
  if (literal !== undefined && !/^(Int|BigInt|Float|Decimal|Boolean)/.test(type)) return { value: relString(literal), kind: "literal" };
  return { note: `default ${raw} has no .rel spelling (a literal, now(), uuid() or autoincrement())` };
}
