import type { Catalog, CatalogDetails, CatalogTable, MigrationDialect, TableDetails } from "@relgen/runtime/migrate";
import type { TableKind } from "./classify.js";
import type { PulledEnum } from "./model.js";
import type { NameScope } from "./names.js";

/** What the inference stages share: the database as read, and the names decided so far. */
export interface PullContext {
  readonly dialect: MigrationDialect;
  readonly catalog: Catalog;
  readonly details: ReadonlyMap<string, TableDetails>;
  readonly kinds: ReadonlyMap<string, TableKind>;
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
  ctx.details.get(table.name) ?? { name: table.name, columns: [], checks: [], unsupportedIndexes: [] };

export const fieldOf = (ctx: PullContext, table: string, column: string): string =>
  ctx.fieldNames.get(table)?.get(column) ?? column;

export type { CatalogDetails };
