import type { CatalogTable } from "@relgen/runtime/migrate";
import { conventionOf } from "./column-defaults.js";
import { mapColumnType, type MappedType } from "./column-types.js";
import { sameList } from "./constraints.js";
import { tableDetails, type PullContext } from "./context.js";
import { isIdentifier, pascalCase } from "./names.js";

export interface FieldType {
  /** As written, without `?`: `String(80)`, `OrderStatus`. */
  readonly type: string;
  /** When the type is an enum: its values (a default must be one of them). */
  readonly enumValues?: readonly string[];
  /** The SQLite check that became the enum, so it is not listed as a check pull dropped. */
  readonly consumedCheck?: string;
}


/**
 * The `.rel` type of one column. A column's own value list (a MySQL ENUM, a
 * SQLite `CHECK (c IN …)`) becomes an enum named after entity and field;
 * what the mapping loses is noted.
 */
export function fieldType(ctx: PullContext, table: CatalogTable, columnName: string, entity: string, field: string): FieldType {
  const where = `column "${table.name}"."${columnName}"`;
  const mapped = typeOf(ctx, table, columnName);
  if (mapped.note !== undefined) ctx.notes.push(`${where}: ${mapped.note}`);
  if (mapped.enumValues === undefined) {
    const declared = ctx.enums.find((e) => e.name === mapped.base);
    return { type: mapped.base, ...(declared === undefined ? {} : { enumValues: declared.values }) };
  }
  if (mapped.enumValues.length === 0 || !mapped.enumValues.every(isIdentifier)) {
    ctx.notes.push(`${where}: its values (${mapped.enumValues.join(", ")}) are not all identifiers, so no enum can hold them: read as Text`);
    return { type: "Text" };
  }
  const check = ctx.dialect === "sqlite" ? enumCheck(tableDetails(ctx, table).checks, columnName) : undefined;
  return {
    type: inlineEnum(ctx, `${entity}${pascalCase(field)}`, mapped.enumValues),
    enumValues: mapped.enumValues,
    ...(check === undefined ? {} : { consumedCheck: check.text }),
  };
}

/**
 * A column's `.rel` type. A foreign key takes the type of the column it
 * references when the database stores both alike: on SQLite a Uuid or
 * DateTime is TEXT, told apart only by the referenced key's default.
 */
function typeOf(ctx: PullContext, table: CatalogTable, columnName: string, seen = new Set<string>()): MappedType {
  const column = table.columns.find((c) => c.name === columnName)!;
  const details = tableDetails(ctx, table);
  const fk = table.foreignKeys.find((k) => k.columns.length === 1 && k.columns[0] === columnName);
  const target = fk === undefined ? undefined : ctx.catalog.tables.find((t) => t.name === fk.targetTable);
  const targetColumn = target?.columns.find((c) => c.name === fk!.targetColumns[0]);
  const key = `${table.name}\u0000${columnName}`;
  if (target !== undefined && targetColumn !== undefined && targetColumn.type === column.type && !seen.has(key)) {
    const referenced = typeOf(ctx, target, targetColumn.name, seen.add(key));
    if (referenced.enumValues === undefined) return { base: referenced.base };
  }
  const check = ctx.dialect === "sqlite" ? enumCheck(details.checks, columnName) : undefined;
  const columnDetails = details.columns.find((d) => d.name === columnName);
  const convention = columnDetails === undefined ? undefined : conventionOf(columnDetails);
  return mapColumnType(ctx.dialect, {
    column: columnName,
    type: column.type,
    enums: new Map(ctx.enums.map((e) => [e.name, e.values])),
    ...(check === undefined ? {} : { checkValues: check.values }),
    ...(convention === undefined ? {} : { defaultKind: convention }),
  });
}

/** relgen's SQLite spelling of an enum column: `CHECK ("status" IN ('A', 'B'))`. */
function enumCheck(checks: readonly string[], column: string): { text: string; values: string[] } | undefined {
  for (const text of checks) {
    const match = /^\(?\s*["`[]?([^"`\]\s]+)["`\]]?\s+IN\s*\(((?:\s*'(?:[^']|'')*'\s*,?)+)\)\s*\)?$/i.exec(text);
    if (match === null || match[1] !== column) continue;
    return { text, values: [...match[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'")) };
  }
  return undefined;
}

/** An enum for one column's own value list; a list already declared under the same name is shared. */
function inlineEnum(ctx: PullContext, wanted: string, values: readonly string[]): string {
  const same = ctx.enums.find((e) => e.name === wanted && sameList(e.values, values));
  if (same !== undefined) return same.name;
  const name = ctx.declScope.claim(wanted, `${wanted}Enum`);
  ctx.enums.push({ name, values: [...values] });
  return name;
}
