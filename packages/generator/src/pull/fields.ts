import { entityTableName } from "@relgen/dsl";
import type { CatalogTable, ColumnDetails } from "@relgen/runtime/migrate";
import { mapDefault } from "./column-defaults.js";
import { noteUnexpressed, sameList } from "./constraints.js";
import { constraintsOf, fieldOf, tableDetails, type PullContext } from "./context.js";
import { fieldType } from "./field-type.js";
import type { PulledDecl, PulledField } from "./model.js";

const noDetails = (name: string): ColumnDetails => ({ name, default: null, autoincrement: false, expressionDefault: false, comment: null });

/**
 * One declaration's columns as fields, with their keys, constraints and
 * indexes as attributes (single-column ones on the field, others as block
 * attributes). Relation fields are added later, by relations.ts.
 */
export function declarationOf(ctx: PullContext, table: CatalogTable): PulledDecl {
  const name = ctx.declNames.get(table.name)!;
  const keyword = ctx.kinds.get(table.name) === "association" ? "table" : "entity";
  const details = tableDetails(ctx, table);
  const { uniques, indexes, keys } = constraintsOf(ctx, table);
  const block: string[] = [];
  // The compiler's own derivation decides: a copy of it could differ (`_2fa` vs `2fa`) and map the entity to another table.
  if (keyword === "entity" && entityTableName(name) !== table.name) block.push(`@@table(${JSON.stringify(table.name)})`);
  const consumedChecks = new Set<string>();
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const list = (columns: readonly string[]) => `[${columns.map((c) => fieldOf(ctx, table.name, c)).join(", ")}]`;

  const fields: PulledField[] = [];
  const orderedColumns = details.columns.length > 0 ? details.columns.map((d) => d.name) : table.columns.map((c) => c.name);
  for (const columnName of orderedColumns) {
    const column = byName.get(columnName);
    if (column === undefined) continue;
    const columnDetails = details.columns.find((d) => d.name === columnName) ?? noDetails(columnName);
    const field = fieldOf(ctx, table.name, columnName);
    const { type, enumValues, consumedCheck } = fieldType(ctx, table, columnName, name, field);
    if (consumedCheck !== undefined) consumedChecks.add(consumedCheck);
    const attributes: string[] = [];
    if (table.primaryKey.length === 1 && table.primaryKey[0] === columnName) attributes.push("@id");
    const dflt = mapDefault(ctx.dialect, columnDetails, type, enumValues);
    if (dflt.note !== undefined) ctx.notes.push(`column "${table.name}"."${columnName}": ${dflt.note}; left out`);
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
  noteUnexpressed(ctx, table, consumedChecks);
  return { keyword, name, ...(details.comment === null ? {} : { doc: details.comment }), table: table.name, blockAttributes: block, fields, relations: [] };
}
