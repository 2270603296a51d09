import type { MigrationDialect } from "./format.js";

/**
 * One spelling per column type, so a type the generator declares and the same
 * type read back from the engine's catalog compare equal. The introspection
 * and the generator's expected catalog both pass every type through here.
 *
 * - SQLite: the declared type, upper-case, single spaces (SQLite keeps what was declared).
 * - PostgreSQL: `format_type`'s spelling (`character varying(200)`,
 *   `timestamp with time zone`), an enum type by its bare name.
 * - MySQL / MariaDB: lower-case COLUMN_TYPE without integer display widths
 *   (except `tinyint(1)`, the boolean), `json` for MariaDB's `longtext` alias,
 *   enum members re-quoted the same way.
 */
export function normalizeColumnType(dialect: MigrationDialect, type: string): string {
  const text = type.trim().replace(/\s+/g, " ");
  switch (dialect) {
    case "sqlite":
      return text.toUpperCase();
    case "postgres":
      return normalizePostgres(text);
    case "mysql":
      return normalizeMysql(text);
  }
}

const PG_ALIASES: Record<string, string> = {
  int: "integer",
  int4: "integer",
  int8: "bigint",
  int2: "smallint",
  serial: "integer",
  bigserial: "bigint",
  bool: "boolean",
  float8: "double precision",
  float4: "real",
  decimal: "numeric",
  timestamptz: "timestamp with time zone",
  timestamp: "timestamp without time zone",
  timetz: "time with time zone",
  time: "time without time zone",
  varchar: "character varying",
  char: "character",
};

function normalizePostgres(text: string): string {
  if (text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replace(/""/g, '"');
  const match = /^([a-z0-9_ ]+?)\s*(\(.*\))?(\[\])?$/i.exec(text);
  if (match === null) return text;
  const base = match[1]!.toLowerCase();
  const args = (match[2] ?? "").replace(/\s+/g, "");
  const name = PG_ALIASES[base] ?? base;
  // format_type puts the precision of a timestamp inside its name: timestamp(3) with time zone.
  const timeZone = /^(timestamp|time) (with|without) time zone$/.exec(name);
  if (timeZone !== null && args !== "") return `${timeZone[1]}${args} ${timeZone[2]} time zone${match[3] ?? ""}`;
  return `${name}${args}${match[3] ?? ""}`;
}

const MYSQL_INTEGERS = /^(tinyint|smallint|mediumint|int|integer|bigint)(\(\d+\))?( unsigned)?( zerofill)?$/;

function normalizeMysql(text: string): string {
  const enumMatch = /^(enum|set)\s*\(([\s\S]*)\)$/i.exec(text);
  if (enumMatch !== null) {
    const values = mysqlStringList(enumMatch[2]!);
    return `${enumMatch[1]!.toLowerCase()}(${values.map((v) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(",")})`;
  }
  const lower = text.toLowerCase();
  const integer = MYSQL_INTEGERS.exec(lower);
  if (integer !== null) {
    const base = integer[1] === "integer" ? "int" : integer[1]!;
    if (base === "tinyint" && integer[2] === "(1)") return `tinyint(1)${integer[3] ?? ""}`;
    return `${base}${integer[3] ?? ""}`;
  }
  if (lower === "longtext" || lower === "json") return "json";
  if (lower === "decimal" || lower === "numeric") return "decimal(10,0)";
  if (lower === "boolean" || lower === "bool") return "tinyint(1)";
  return lower
    .replace(/\s*,\s*/g, ",")
    .replace(/\s*\(\s*/g, "(")
    .replace(/\s*\)/g, ")")
    .replace(/^numeric\(/, "decimal(");
}

/** `'a', 'it''s'` → [`a`, `it's`] (both quoting styles MySQL prints). */
function mysqlStringList(text: string): string[] {
  const values: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "'") {
      i++;
      continue;
    }
    let value = "";
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === "\\" && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
      } else if (c === "'" && text[i + 1] === "'") {
        value += "'";
        i += 2;
      } else if (c === "'") {
        i++;
        break;
      } else {
        value += c;
        i++;
      }
    }
    values.push(value);
  }
  return values;
}

const ACTIONS: Record<string, string> = {
  cascade: "cascade",
  "set null": "set-null",
  "set-null": "set-null",
  restrict: "restrict",
  "no action": "no-action",
  "no-action": "no-action",
  "set default": "set-default",
  "set-default": "set-default",
};

/**
 * A referential action in the catalog's words. InnoDB treats RESTRICT and
 * NO ACTION alike (and MariaDB reports an unspecified action as RESTRICT), so
 * on MySQL both read as `no-action`.
 */
export function normalizeAction(dialect: MigrationDialect, action: string | undefined): string {
  const word = ACTIONS[(action ?? "no action").trim().toLowerCase()] ?? action!.trim().toLowerCase();
  return dialect === "mysql" && word === "restrict" ? "no-action" : word;
}
