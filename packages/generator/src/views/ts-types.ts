import type { ColumnIR, ColumnType, ScalarKind } from "@relgen/dsl";
import { type TsType, typeString, typeText, union } from "../render/ts-layout.js";

/** TypeScript type per scalar kind (the spec's table); enums are their union type. */
const SCALAR_TS: Record<Exclude<ScalarKind, "Enum">, string> = {
  Int: "number",
  BigInt: "bigint",
  Float: "number",
  Decimal: "string",
  String: "string",
  Text: "string",
  Boolean: "boolean",
  Date: "Date",
  DateTime: "Date",
  Json: "unknown",
  Uuid: "string",
  Bytes: "Uint8Array",
};

export function scalarTsType(type: ColumnType): string {
  if (type.kind === "Enum") return type.enumName ?? "string";
  if (type.tsType) return type.tsType.name;
  return SCALAR_TS[type.kind];
}

/**
 * The property type: nullable columns add `| null` (`unknown` already
 * includes null). A declared Json type that is more than a name is wrapped
 * in parentheses first, which is right for any type text (`(() => void) | null`
 * would mean something else without them).
 */
export function columnTsType(column: ColumnIR): string {
  return typeString(columnType(column));
}

export function columnType(column: ColumnIR): TsType {
  const base = scalarTsType(column.type);
  if (!column.nullable || base === "unknown") return typeText(base);
  return PLAIN_TYPE.test(base) ? union([typeText(base), typeText("null")]) : typeText(`(${base}) | null`);
}

/**
 * An inline `@type("...")` text relgen cannot lay out itself (anything but a
 * name or `Name[]`): the file holding it is left to Prettier, which also
 * normalises how the user spaced and quoted it.
 */
export function needsPrettier(column: ColumnIR): boolean {
  const t = column.type.tsType;
  return t !== undefined && t.from === undefined && !PLAIN_TYPE.test(t.name);
}

/** A name (possibly qualified) with any number of `[]`: printed as is, never broken. */
const PLAIN_TYPE = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*(\[\])*$/;

/**
 * The database fills it when the user gives nothing: a default or an
 * autoincrement. `@default(null)` is no such value: the object can say null
 * itself instead of staying undefined until it is reloaded.
 */
export function hasDatabaseDefault(column: ColumnIR): boolean {
  const d = column.default;
  return column.autoincrement || (d !== undefined && !(d.kind === "literal" && d.value === null));
}

/**
 * Must `new Entity(init)` be given this column? NOT NULL, no default, not
 * autoincrement, and no relation to fill it (`filledByRelation`: a foreign key
 * the runtime writes at flush from the related object).
 */
export function isRequiredInInit(column: ColumnIR, filledByRelation = false): boolean {
  return !column.nullable && !hasDatabaseDefault(column) && !filledByRelation;
}

/**
 * How the constructor fills a column from `init`. `relation-when-absent`: a
 * NOT NULL foreign key a relation fills stays undefined until flush writes it.
 */
export type InitAssignment = "required" | "null-when-absent" | "database-when-absent" | "relation-when-absent";

export function initAssignment(column: ColumnIR, filledByRelation = false): InitAssignment {
  if (column.nullable && !hasDatabaseDefault(column)) return "null-when-absent";
  if (hasDatabaseDefault(column)) return "database-when-absent";
  return filledByRelation ? "relation-when-absent" : "required";
}
