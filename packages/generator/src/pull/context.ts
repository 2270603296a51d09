import type { Catalog, CatalogDetails, CatalogForeignKey, CatalogTable, MigrationDialect, TableDetails } from "@relgen/runtime/migrate";
import type { TableKind } from "./classify.js";
import type { TableConstraints } from "./constraints.js";
import type { PulledEnum } from "./model.js";
import type { NameScope } from "./names.js";

/** What the inference stages share: the database as read, and the names decided so far. */
export interface PullContext {
  readonly dialect: MigrationDialect;
  readonly catalog: Catalog;
  readonly details: ReadonlyMap<string, TableDetails>;
  readonly kinds: ReadonlyMap<string, TableKind>;
  /**
   * Pulled table → its uniques, indexes and keys as `.rel` can declare them (partial indexes taken out):
   * computed once, so fields and relations read the same set (a raw catalog unique may be a partial index).
   */
  readonly constraints: ReadonlyMap<string, TableConstraints>;
  /** Table → its declaration's name. */
  readonly declNames: ReadonlyMap<string, string>;
  /** Table → column → field name. */
  readonly fieldNames: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Table → the names its declaration has given out (fields, then relations). */
  readonly fieldScopes: ReadonlyMap<string, NameScope>;
  /** Declaration names (entities, tables, enums). */
  readonly declScope: NameScope;
  /** PostgreSQL enum types, then enums made from MySQL ENUM columns and SQLite checks. */
  readonly enums: PulledEnum[];
  readonly notes: string[];
}

export const tableDetails = (ctx: PullContext, table: CatalogTable): TableDetails =>
  ctx.details.get(table.name) ?? { name: table.name, comment: null, columns: [], checks: [], unsupportedIndexes: [] };

export const constraintsOf = (ctx: PullContext, table: CatalogTable): TableConstraints => ctx.constraints.get(table.name)!;

export const fieldOf = (ctx: PullContext, table: string, column: string): string =>
  ctx.fieldNames.get(table)?.get(column) ?? column;

/**
 * A foreign key `.rel` can declare: one column, to a table that is pulled,
 * at that table's primary key or a unique column (SQLite and MySQL accept
 * others; relgen's `@references` does not).
 */
export function isExpressibleKey(ctx: PullContext, fk: CatalogForeignKey): boolean {
  if (fk.columns.length !== 1 || !ctx.kinds.has(fk.targetTable)) return false;
  const target = ctx.catalog.tables.find((t) => t.name === fk.targetTable)!;
  const key = [fk.targetColumns[0]!];
  return [target.primaryKey, ...target.uniques].some((u) => u.length === 1 && u[0] === key[0]);
}

export type { CatalogDetails };
