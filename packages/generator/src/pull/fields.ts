import { words } from "@relgen/dsl";
import type { CatalogTable } from "@relgen/runtime/migrate";
import { conventionOf, mapDefault } from "./column-defaults.js";
import { mapColumnType, type MappedType } from "./column-types.js";
import { fieldOf, isExpressibleKey, tableDetails, type PullContext } from "./context.js";
import type { PulledDecl, PulledField } from "./model.js";
import { isIdentifier, pascalCase } from "./names.js";

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const EXPRESSION = "<expression>";
/** How the language derives a table name from an entity (`BlogPost` → `blog_post`). */
const defaultTableName = (entity: string) => words(entity).map((w) => w.toLowerCase()).join("_");

/**
 * One declaration's columns as fields, with their keys, constraints and
 * indexes as attributes (single-column ones on the field, others as block
 * attributes). Relation fields are added later, by relations.ts.
 */
export function declarationOf(ctx: PullContext, table: CatalogTable): PulledDecl {
  const name = ctx.declNames.get(table.name)!;
  const keyword = ctx.kinds.get(table.name) === "association" ? "table" : "entity";
  const details = tableDetails(ctx, table);
  const block: string[] = [];
  if (keyword === "entity" && defaultTableName(name) !== table.name) block.push(`@@table(${JSON.stringify(table.name)})`);
  const consumedChecks = new Set<string>();
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const list = (columns: readonly string[]) => `[${columns.map((c) => fieldOf(ctx, table.name, c)).join(", ")}]`;

  const partial = [...details.unsupportedIndexes];
  const withoutUnsupported = (lists: readonly (readonly string[])[]) =>
    lists.filter((cols) => {
      if (cols.includes(EXPRESSION)) return false;
      const i = partial.findIndex((p) => p.columns !== undefined && sameList(p.columns, cols));
      if (i === -1) return true;
      partial.splice(i, 1);
      return false;
    });
  const uniques = withoutUnsupported(table.uniques);
  const declaredIndexes = withoutUnsupported(table.indexes);
  const keys = table.foreignKeys.filter((fk) => isExpressibleKey(ctx, fk));
  // relgen indexes a foreign key no key or index starts with; such an index is left for it to make.
  const indexes = declaredIndexes.filter((cols) => {
    if (cols.length !== 1 || !keys.some((fk) => fk.columns[0] === cols[0])) return true;
    const leads = [table.primaryKey, ...uniques, ...declaredIndexes.filter((other) => other !== cols)].map((c) => c[0]);
    return leads.includes(cols[0]);
  });

  const fields: PulledField[] = [];
  const orderedColumns = details.columns.length > 0 ? details.columns.map((d) => d.name) : table.columns.map((c) => c.name);
  for (const columnName of orderedColumns) {
    const column = byName.get(columnName);
    if (column === undefined) continue;
    const columnDetails = details.columns.find((d) => d.name === columnName) ?? {
      name: columnName,
      default: null,
      autoincrement: false,
      expressionDefault: false,
      comment: null,
    };
    const field = fieldOf(ctx, table.name, columnName);
    const where = `column "${table.name}"."${columnName}"`;
    const check = ctx.dialect === "sqlite" ? enumCheck(details.checks, columnName) : undefined;
    const mapped = typeOf(ctx, table, columnName);
    if (mapped.note !== undefined) ctx.notes.push(`${where}: ${mapped.note}`);
    let type = mapped.base;
    let enumValues: readonly string[] | undefined = ctx.enums.find((e) => e.name === type)?.values;
    if (mapped.enumValues !== undefined) {
      if (mapped.enumValues.every(isIdentifier) && mapped.enumValues.length > 0) {
        type = inlineEnum(ctx, `${name}${pascalCase(field)}`, mapped.enumValues);
        enumValues = mapped.enumValues;
        if (check !== undefined) consumedChecks.add(check.text);
      } else {
        type = "Text";
        ctx.notes.push(`${where}: its values (${mapped.enumValues.join(", ")}) are not all identifiers, so no enum can hold them: read as Text`);
      }
    }
    const attributes: string[] = [];
    if (table.primaryKey.length === 1 && table.primaryKey[0] === columnName) attributes.push("@id");
    const dflt = mapDefault(ctx.dialect, columnDetails, type, enumValues);
    if (dflt.note !== undefined) ctx.notes.push(`${where}: ${dflt.note}; left out`);
    if (dflt.value !== undefined) attributes.push(`@default(${dflt.value})`);
    if (uniques.some((u) => sameList(u, [columnName]))) attributes.push("@unique");
    if (indexes.some((i) => sameList(i, [columnName]))) attributes.push("@index");
    const fk = keys.find((k) => k.columns[0] === columnName);
    if (fk !== undefined) {
      attributes.push(`@references(${ctx.declNames.get(fk.targetTable)}.${fieldOf(ctx, fk.targetTable, fk.targetColumns[0]!)})`);
      if (fk.onDelete !== "no-action") attributes.push(`@onDelete(${fk.onDelete})`);
      if (fk.onUpdate !== "no-action") attributes.push(`@onUpdate(${fk.onUpdate})`);
    }
    if (field !== columnName) attributes.push(`@column(${JSON.stringify(columnName)})`);
    // SQLite reports an INTEGER PRIMARY KEY declared without NOT NULL as nullable; a key column never holds NULL.
    const nullable = column.nullable && !table.primaryKey.includes(columnName);
    fields.push({ name: field, type: `${type}${nullable ? "?" : ""}`, attributes, ...(columnDetails.comment === null ? {} : { doc: columnDetails.comment }) });
  }

  if (table.primaryKey.length > 1) block.push(`@@id(${list(table.primaryKey)})`);
  for (const u of uniques) if (u.length > 1) block.push(`@@unique(${list(u)})`);
  for (const i of indexes) if (i.length > 1) block.push(`@@index(${list(i)})`);
  for (const check of details.checks)
    if (!consumedChecks.has(check)) ctx.notes.push(`table "${table.name}": check constraint (${check}) is not pulled; .rel has no checks`);
  for (const index of details.unsupportedIndexes)
    ctx.notes.push(`table "${table.name}": index "${index.name}" is not pulled (partial or expression indexes have no .rel form): ${index.sql}`);
  for (const fk of table.foreignKeys) {
    if (fk.columns.length > 1)
      ctx.notes.push(`table "${table.name}": the foreign key (${fk.columns.join(", ")}) -> "${fk.targetTable}" has several columns; .rel foreign keys have one, so it is not pulled`);
    else if (!ctx.kinds.has(fk.targetTable))
      ctx.notes.push(`table "${table.name}": the foreign key (${fk.columns[0]}) -> "${fk.targetTable}" points at a table that is not pulled`);
    else if (!isExpressibleKey(ctx, fk))
      ctx.notes.push(`table "${table.name}": the foreign key (${fk.columns[0]}) -> "${fk.targetTable}" (${fk.targetColumns[0]}) is not pulled: its target is neither the primary key nor unique, which @references needs`);
  }
  return { keyword, name, ...(details.comment === null ? {} : { doc: details.comment }), table: table.name, blockAttributes: block, fields, relations: [] };
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
