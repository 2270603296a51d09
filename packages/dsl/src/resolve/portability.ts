import type { Attribute, EnumDecl } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  enumMemberCaseClash, fileNameClash, generatedNameClash, identifierTooLong, nameCaseClash, reservedName, reservedFieldName, tableNamedLikeEnum, typeBeyondEngineLimit,
} from "../diagnostics/catalog/index.js";
import type { Span } from "../source/span.js";
import type { AttributeFacts, AttributedModel, ColumnFacts, PassResult } from "./model.js";
import { kebabCase } from "./naming.js";

/** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1); MySQL/MariaDB refuse more than 64 characters. */
export const PG_MAX_IDENTIFIER_BYTES = 63;
export const MYSQL_MAX_IDENTIFIER_CHARS = 64;

/** Names index.ts / model files export or import besides the schema's own. */
const GENERATED_EXPORTS = new Map<string, string>([
  ["schema", "index.ts and schema.ts also export (the schema as data)"],
  ["models", "index.ts also exports (every model class by name)"],
]);

/** Words that cannot name a class, interface or type alias in generated code, and why. */
const RESERVED_WHY = new Map<string, string>([
  ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
    "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
    "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with",
    "implements", "interface", "let", "package", "private", "protected", "public", "static", "yield", "await",
  ].map((w): [string, string] => [w, "it is a reserved word in TypeScript"]),
  ...["any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "undefined", "unknown", "arguments", "eval"]
    .map((w): [string, string] => [w, "TypeScript reserves it as a built-in type or binding"]),
  ["Date", "generated models type Date and DateTime columns as the global `Date`, which the class would shadow"],
  ["Uint8Array", "generated models type Bytes columns as the global `Uint8Array`, which the class would shadow"],
]);

/** True when an entity or enum cannot take this name (E0307, E0308): for tools that make names, such as `relgen pull`. */
export const isReservedDeclarationName = (name: string): boolean => RESERVED_WHY.has(name) || GENERATED_EXPORTS.has(name);

const utf8Bytes = (s: string): number => Buffer.byteLength(s, "utf8");
const chars = (s: string): number => [...s].length;

/**
 * Pass after attributes: the names relgen generates must be valid and
 * distinct wherever they end up — TypeScript exports, file names on
 * case-insensitive file systems, and SQL names on each engine (SQLite and
 * MySQL/MariaDB compare table and column names ignoring case, a MariaDB ENUM
 * compares its values ignoring case, PostgreSQL truncates names longer than
 * 63 bytes and MySQL refuses names longer than 64 characters). Derived
 * constraint names are shortened by the generator instead (naming.ts).
 */
export function checkPortability(facts: AttributeFacts): PassResult<AttributeFacts> {
  const diagnostics: Diagnostic[] = [];
  checkTypeScriptNames(facts, diagnostics);
  checkFileNames(facts.models, diagnostics);
  checkTables(facts, diagnostics);
  for (const e of facts.names.enums) checkEnumMembers(e, diagnostics);
  return { facts, diagnostics };
}

function checkTypeScriptNames(facts: AttributeFacts, diagnostics: Diagnostic[]): void {
  const declared = new Map<string, Span>();
  for (const d of [...facts.models.map((m) => m.decl), ...facts.names.enums]) declared.set(d.name.name, d.name.span);
  for (const d of [...facts.models.filter((m) => m.isEntity).map((m) => m.decl), ...facts.names.enums]) {
    const name = d.name.name;
    const why = RESERVED_WHY.get(name);
    if (why) diagnostics.push(reservedName(d.name.span, name, why));
    const exported = GENERATED_EXPORTS.get(name);
    if (exported) diagnostics.push(generatedNameClash(d.name.span, name, name, `${exported}`, undefined));
  }
  for (const m of facts.models) {
    if (!m.isEntity) continue;
    const init = `${m.name}Init`;
    const other = declared.get(init);
    if (other) diagnostics.push(generatedNameClash(other, init, init, `is also the \`new ${m.name}(init)\` interface relgen generates for \`${m.name}\``, m.decl.name.span));
    // a class field named `constructor` is a syntax error in TypeScript
    for (const f of m.decl.fields) if (f.name.name === "constructor") diagnostics.push(reservedFieldName(f.name.span, m.name, f.name.name));
  }
}

function checkFileNames(models: readonly AttributedModel[], diagnostics: Diagnostic[]): void {
  const seen = new Map<string, AttributedModel>();
  for (const m of models) {
    if (!m.isEntity) continue;
    const file = `models/${kebabCase(m.name)}.ts`;
    const key = file.toLowerCase();
    const first = seen.get(key);
    if (first) diagnostics.push(fileNameClash(m.decl.name.span, m.name, file, first.name, first.decl.name.span));
    else seen.set(key, m);
  }
}

const attrSpan = (attrs: readonly Attribute[], name: string): Span | undefined => attrs.find((a) => a.name.name === name)?.span;

function checkTables(facts: AttributeFacts, diagnostics: Diagnostic[]): void {
  const tables = new Map<string, { name: string; span: Span }>();
  const types = new Map<string, { span: Span }>();
  for (const e of facts.names.enums) {
    checkLength(e.name.span, "the PostgreSQL enum type", e.name.name, () => "rename the enum", diagnostics, true);
    types.set(e.name.name, { span: e.name.span });
  }
  for (const m of facts.models) {
    const span = attrSpan(m.decl.blockAttributes, "table") ?? m.decl.name.span;
    checkLength(span, "the table name", m.tableName, () => (m.isEntity ? `give \`${m.name}\` a shorter table name with \`@@table("...")\`` : `rename \`${m.name}\``), diagnostics);
    const type = types.get(m.tableName);
    if (type) {
      diagnostics.push(tableNamedLikeEnum(span, m.name, m.tableName, type.span));
    }
    const key = m.tableName.toLowerCase();
    const first = tables.get(key);
    if (first) {
      diagnostics.push(nameCaseClash(span, "the table names", m.tableName, first.name, "SQLite and MySQL/MariaDB (with case-insensitive table names, the default on macOS and Windows)",
        `give \`${m.name}\` a name that differs by more than case with \`@@table("...")\``, first.span));
    } else tables.set(key, { name: m.tableName, span });
    checkColumns(m, diagnostics);
  }
}

function checkColumns(m: AttributedModel, diagnostics: Diagnostic[]): void {
  const seen = new Map<string, { name: string; span: Span }>();
  for (const c of m.columns) {
    const span = attrSpan(c.field.attributes, "column") ?? c.field.name.span;
    checkColumnType(m.name, c, diagnostics);
    checkLength(span, () => `the column of \`${m.name}.${c.name}\``, c.columnName, () => `give \`${c.name}\` a shorter name with \`@column("...")\``, diagnostics);
    const key = c.columnName.toLowerCase();
    const first = seen.get(key);
    if (first) {
      diagnostics.push(nameCaseClash(span, `the columns of \`${m.name}\``, c.columnName, first.name, "SQLite and MySQL/MariaDB",
        `give \`${c.name}\` a column name that differs by more than case with \`@column("...")\``, first.span));
    } else seen.set(key, { name: c.columnName, span });
  }
}

/** `what` and `help` are built only for a name that breaks a limit: this runs for every table and column. */
function checkLength(span: Span, what: string | (() => string), name: string, help: () => string, diagnostics: Diagnostic[], pgOnly = false): void {
  const limits: string[] = [];
  if (name.includes("\0")) limits.push("no engine accepts a NUL character in a name");
  if (!pgOnly && /\s$/.test(name)) limits.push("MySQL/MariaDB refuse names that end with a space");
  if (!pgOnly && /[\u{10000}-\u{10FFFF}]/u.test(name)) limits.push("MySQL/MariaDB refuse characters outside the Basic Multilingual Plane in names");
  // exact counts only when the UTF-16 length leaves a doubt (UTF-8 takes at most 3 bytes per UTF-16 unit)
  const bytes = name.length * 3 <= PG_MAX_IDENTIFIER_BYTES ? 0 : utf8Bytes(name);
  const count = name.length <= MYSQL_MAX_IDENTIFIER_CHARS ? 0 : chars(name);
  if (bytes > PG_MAX_IDENTIFIER_BYTES) limits.push(`PostgreSQL truncates names longer than ${PG_MAX_IDENTIFIER_BYTES} bytes (this one has ${bytes})`);
  if (!pgOnly && count > MYSQL_MAX_IDENTIFIER_CHARS) limits.push(`MySQL/MariaDB refuse names longer than ${MYSQL_MAX_IDENTIFIER_CHARS} characters (this one has ${count})`);
  if (limits.length > 0) diagnostics.push(identifierTooLong(span, typeof what === "string" ? what : what(), name, limits.join("; "), help()));
}

function checkEnumMembers(e: EnumDecl, diagnostics: Diagnostic[]): void {
  const seen = new Map<string, EnumDecl["members"][number]>();
  for (const member of e.members) {
    const key = member.name.toLowerCase();
    const first = seen.get(key);
    if (first && first.name !== member.name) diagnostics.push(enumMemberCaseClash(member.span, e.name.name, member.name, first.name, first.span));
    else if (!first) seen.set(key, member);
  }
}

/** MySQL/MariaDB: DECIMAL up to 65 digits with at most 30 decimals; VARCHAR up to 65,535 bytes, 16,383 utf8mb4 characters. */
export const MYSQL_MAX_DECIMAL = { precision: 65, scale: 30 } as const;
export const MYSQL_MAX_VARCHAR = 16383;

function checkColumnType(owner: string, c: ColumnFacts, diagnostics: Diagnostic[]): void {
  const { kind, length, precision, scale } = c.type;
  const label = `${owner}.${c.name}`;
  const span = c.field.type.span;
  if (kind === "String" && length !== undefined && length > MYSQL_MAX_VARCHAR) {
    diagnostics.push(typeBeyondEngineLimit(span, label, `String(${length})`,
      `MySQL/MariaDB cannot hold: a VARCHAR in utf8mb4 has at most ${MYSQL_MAX_VARCHAR} characters`, "make the column `Text`"));
  }
  if (kind === "Decimal" && precision !== undefined && (precision > MYSQL_MAX_DECIMAL.precision || (scale ?? 0) > MYSQL_MAX_DECIMAL.scale)) {
    diagnostics.push(typeBeyondEngineLimit(span, label, `Decimal(${precision}, ${scale ?? 0})`,
      `MySQL/MariaDB refuse: DECIMAL has at most ${MYSQL_MAX_DECIMAL.precision} digits, ${MYSQL_MAX_DECIMAL.scale} of them after the point`,
      `use at most \`Decimal(${MYSQL_MAX_DECIMAL.precision}, ${MYSQL_MAX_DECIMAL.scale})\`, or store the value as \`String\``));
  }
}
