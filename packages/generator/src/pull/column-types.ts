import type { MigrationDialect } from "@relgen/runtime/migrate";

/**
 * A database column type in `.rel` words. `enumValues` is set when the
 * column carries its own value list (a MySQL ENUM, a SQLite `CHECK (c IN …)`)
 * that becomes a declared enum; `note` says what the mapping loses.
 */
export interface MappedType {
  readonly base: string;
  readonly enumValues?: readonly string[];
  readonly note?: string;
}

export interface TypeContext {
  readonly column: string;
  /** The catalog's normalised type (`character varying(80)`, `tinyint(1)`, `TEXT`). */
  readonly type: string;
  /** PostgreSQL enum types of the schema, by name. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** SQLite: the values of a `CHECK ("col" IN (...))` on this column. */
  readonly checkValues?: readonly string[];
  /** The default names a relgen convention (`now()`, `uuid()`) that fixes an otherwise untyped SQLite TEXT. */
  readonly defaultKind?: "now" | "uuid";
}

const lossy = (base: string, type: string, why: string): MappedType => ({ base, note: `${type} is read as ${base} (${why})` });
const decimal = (args: string | undefined) => (args === undefined ? "Decimal" : `Decimal(${args.split(",").join(", ")})`);

export function mapColumnType(dialect: MigrationDialect, ctx: TypeContext): MappedType {
  return { sqlite: sqliteType, postgres: postgresType, mysql: mysqlType }[dialect](ctx);
}

/** SQLite keeps the declared type: relgen's own spellings first, then SQLite's affinity rules. */
function sqliteType({ type, checkValues, defaultKind }: TypeContext): MappedType {
  if (checkValues !== undefined && /^(TEXT|VARCHAR.*)$/.test(type)) return { base: "", enumValues: checkValues };
  if (type === "TEXT" && defaultKind === "now") return { base: "DateTime" };
  if (type === "TEXT" && defaultKind === "uuid") return { base: "Uuid" };
  const sized = /^(?:VARCHAR|CHARACTER VARYING|NVARCHAR|CHAR|CHARACTER|NCHAR)\((\d+)\)$/.exec(type);
  if (sized !== null) return { base: `String(${sized[1]})` };
  const numeric = /^(?:NUMERIC|DECIMAL)(?:\((\d+,\s*\d+|\d+)\))?$/.exec(type);
  if (numeric !== null) return { base: decimal(numeric[1]?.replace(/\s/g, "")) };
  const exact: Record<string, string> = {
    BIGINT: "BigInt", BOOLEAN: "Boolean", BOOL: "Boolean", DATE: "Date", DATETIME: "DateTime", TIMESTAMP: "DateTime",
    JSON: "Json", UUID: "Uuid", BLOB: "Bytes", TEXT: "Text", CLOB: "Text", REAL: "Float", DOUBLE: "Float", FLOAT: "Float",
    "DOUBLE PRECISION": "Float",
  };
  if (exact[type] !== undefined) return { base: exact[type] };
  if (type.includes("INT")) return { base: "Int" };
  if (/CHAR|CLOB|TEXT/.test(type)) return { base: "Text" };
  if (type === "") return lossy("Text", "a column without a type", "SQLite accepts any value there");
  return lossy("Text", type, "no .rel type matches it");
}

const PG_EXACT: Record<string, string> = {
  integer: "Int",
  bigint: "BigInt",
  "double precision": "Float",
  text: "Text",
  boolean: "Boolean",
  date: "Date",
  "timestamp with time zone": "DateTime",
  jsonb: "Json",
  uuid: "Uuid",
  bytea: "Bytes",
  "character varying": "String",
  numeric: "Decimal",
};

function postgresType({ type, enums }: TypeContext): MappedType {
  if (enums.has(type)) return { base: type };
  if (PG_EXACT[type] !== undefined) return { base: PG_EXACT[type] };
  const varchar = /^character varying\((\d+)\)$/.exec(type);
  if (varchar !== null) return { base: `String(${varchar[1]})` };
  const numeric = /^numeric\((\d+(?:,\d+)?)\)$/.exec(type);
  if (numeric !== null) return { base: decimal(numeric[1]) };
  if (/^timestamp(\(\d\))? with time zone$/.test(type)) return { base: "DateTime" };
  if (/^timestamp(\(\d\))? without time zone$/.test(type)) return lossy("DateTime", type, "relgen writes timestamptz");
  if (type === "smallint") return lossy("Int", type, "relgen writes integer");
  if (type === "real") return lossy("Float", type, "relgen writes double precision");
  if (type === "json") return lossy("Json", type, "relgen writes jsonb");
  const char = /^character\((\d+)\)$/.exec(type);
  if (char !== null) return lossy(`String(${char[1]})`, type, "relgen writes varchar");
  return lossy("Text", type, "no .rel type matches it");
}

function mysqlType({ type }: TypeContext): MappedType {
  const enumMatch = /^enum\((.*)\)$/.exec(type);
  if (enumMatch !== null) return { base: "", enumValues: [...enumMatch[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'")) };
  const exact: Record<string, string> = {
    int: "Int", bigint: "BigInt", "tinyint(1)": "Boolean", double: "Float", text: "Text", date: "Date",
    "datetime(3)": "DateTime", json: "Json", "char(36)": "Uuid", longblob: "Bytes",
  };
  if (exact[type] !== undefined) return { base: exact[type] };
  const varchar = /^varchar\((\d+)\)$/.exec(type);
  if (varchar !== null) return { base: `String(${varchar[1]})` };
  const numeric = /^decimal\((\d+(?:,\d+)?)\)$/.exec(type);
  if (numeric !== null) return { base: decimal(numeric[1]) };
  if (/^(tinyint|smallint|mediumint|int)( unsigned)?$/.test(type)) return lossy("Int", type, "relgen writes INT");
  if (type === "bigint unsigned") return lossy("BigInt", type, "relgen writes BIGINT");
  if (/^(datetime|timestamp)(\(\d\))?$/.test(type)) return lossy("DateTime", type, "relgen writes DATETIME(3)");
  if (/^(tinytext|mediumtext)$/.test(type)) return lossy("Text", type, "relgen writes TEXT");
  if (/^(float|real)$/.test(type)) return lossy("Float", type, "relgen writes DOUBLE");
  if (/^(tinyblob|blob|mediumblob|varbinary\(\d+\)|binary\(\d+\))$/.test(type)) return lossy("Bytes", type, "relgen writes LONGBLOB");
  const char = /^char\((\d+)\)$/.exec(type);
  if (char !== null) return lossy(`String(${char[1]})`, type, "relgen writes VARCHAR");
  return lossy("Text", type, "no .rel type matches it");
}
