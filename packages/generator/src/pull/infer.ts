import type { Catalog, CatalogDetails } from "@relgen/runtime/migrate";
import { classifyTables } from "./classify.js";
import { tableConstraints, type TableConstraints } from "./constraints.js";
import type { PullContext } from "./context.js";
import { declarationOf } from "./fields.js";
import type { PulledDecl, PulledSchema } from "./model.js";
import { entityNameOf, fieldNameOf, isIdentifier, NameScope, isTakenDeclarationName, RESERVED_FIELD_NAMES } from "./names.js";
import { addRelations } from "./relations.js";

/**
 * The `.rel` schema a database's catalog describes. Names are decided in a
 * fixed order (enum types, entities, association tables, then each table's
 * columns, then relations), every list comes sorted from the catalog, so the
 * same database always gives the same schema.
 */
export function inferSchema(catalog: Catalog, details: CatalogDetails): PulledSchema {
  const notes: string[] = [];
  for (const view of details.views) notes.push(`view "${view}" is not pulled: .rel declares tables only`);
  for (const trigger of details.triggers) notes.push(`trigger "${trigger.name}" on "${trigger.table}" is not pulled: .rel has no triggers`);
  const kinds = classifyTables(catalog, notes);

  const declScope = new NameScope(isTakenDeclarationName);
  const enums: PullContext["enums"] = [];
  for (const e of catalog.enums) {
    // relgen names a PostgreSQL type after its enum, so the name is kept as the database has it.
    if (isIdentifier(e.name) && e.values.every(isIdentifier) && !declScope.has(e.name)) enums.push({ name: declScope.claim(e.name), values: e.values });
    else notes.push(`enum type "${e.name}" is not pulled: its name must be an identifier the language allows (not a keyword or TypeScript reserved word) and its values identifiers; its columns read as Text`);
  }
  const declNames = new Map<string, string>();
  for (const kind of ["entity", "association"] as const) {
    for (const table of catalog.tables) {
      if (kinds.get(table.name) !== kind) continue;
      // A `table` declaration's name is its table name, so it is kept when it can be; an entity maps with @@table.
      const name = kind === "association" && isIdentifier(table.name) && !declScope.has(table.name) ? declScope.claim(table.name) : declScope.claim(entityNameOf(table.name), `${entityNameOf(table.name)}Table`);
      if (kind === "association" && name !== table.name) kinds.set(table.name, "entity");
      declNames.set(table.name, name);
    }
  }
  const fieldNames = new Map<string, Map<string, string>>();
  const fieldScopes = new Map<string, NameScope>();
  const detailsByTable = new Map(details.tables.map((t) => [t.name, t]));
  for (const table of catalog.tables) {
    if (!kinds.has(table.name)) continue;
    const scope = new NameScope(RESERVED_FIELD_NAMES);
    const ordered = detailsByTable.get(table.name)?.columns.map((c) => c.name) ?? table.columns.map((c) => c.name);
    // Columns already named as fields claim first, so they keep their name and need no @column.
    const names = new Map<string, string>();
    for (const column of ordered.filter((c) => fieldNameOf(c) === c)) names.set(column, scope.claim(column, `${column}Column`));
    for (const column of ordered.filter((c) => !names.has(c))) names.set(column, scope.claim(fieldNameOf(column), `${fieldNameOf(column)}Column`));
    fieldNames.set(table.name, new Map(ordered.map((column) => [column, names.get(column)!])));
    fieldScopes.set(table.name, scope);
  }

  const constraints = new Map<string, TableConstraints>();
  const ctx: PullContext = { dialect: catalog.dialect, catalog, details: detailsByTable, kinds, constraints, declNames, fieldNames, fieldScopes, declScope, enums, notes };
  for (const table of catalog.tables) if (kinds.has(table.name)) constraints.set(table.name, tableConstraints(ctx, table));
  const decls = new Map<string, PulledDecl>();
  for (const table of catalog.tables) if (kinds.has(table.name)) decls.set(table.name, declarationOf(ctx, table));
  addRelations(ctx, decls);
  const ordered = [...decls.values()].sort((a, b) => (a.keyword === b.keyword ? 0 : a.keyword === "entity" ? -1 : 1));
  return { dialect: catalog.dialect, enums, decls: ordered, notes };
}
