import type { SchemaIR } from "@relgen/dsl";
import type { SqlDialect } from "../dialects/dialect.js";
import { sqlHeader } from "../views/header.js";
import { type CreateTableView, createTable } from "./create-table.js";
import { addForeignKey, createIndex, enumStatements, type Statement } from "./statements.js";
import { TableLookup } from "./table-lookup.js";

/**
 * 0001_init.sql: enum types, tables in IR order (referenced first), then
 * indexes, then the foreign keys deferred out of a cycle.
 */
export interface MigrationUpView {
  readonly header: string;
  readonly dialect: string;
  readonly types: readonly string[];
  readonly tables: readonly CreateTableView[];
  readonly indexes: readonly Statement[];
  readonly deferredForeignKeys: readonly Statement[];
}

/** 0001_init.down.sql: the exact reverse, so up then down leaves an empty database. */
export interface MigrationDownView {
  readonly header: string;
  readonly dialect: string;
  readonly foreignKeys: readonly string[];
  readonly tables: readonly string[];
  readonly types: readonly string[];
}

export function migrationUpView(ir: SchemaIR, dialect: SqlDialect, sourceName: string): MigrationUpView {
  const lookup = new TableLookup(ir);
  const enums = new Map(ir.enums.map((e) => [e.name, e]));
  return {
    header: sqlHeader(sourceName),
    dialect: dialect.name,
    types: enumStatements(ir.enums, dialect).up,
    tables: ir.tables.map((t) => createTable(t, dialect, lookup, enums)),
    indexes: ir.tables.flatMap((t) => t.indexes.map((i) => createIndex(i, t, dialect, lookup))),
    deferredForeignKeys: dialect.canAddForeignKeyLater
      ? ir.tables.flatMap((t) =>
          t.foreignKeys.filter((fk) => fk.deferred).map((fk) => addForeignKey(fk, t, dialect, lookup)),
        )
      : [],
  };
}

export function migrationDownView(ir: SchemaIR, dialect: SqlDialect, sourceName: string): MigrationDownView {
  const reversed = [...ir.tables].reverse();
  return {
    header: sqlHeader(sourceName),
    dialect: dialect.name,
    foreignKeys: dialect.canAddForeignKeyLater
      ? reversed.flatMap((t) =>
          t.foreignKeys
            .filter((fk) => fk.deferred)
            .reverse()
            .map((fk) => dialect.dropForeignKey(t.name, fk.name)),
        )
      : [],
    // Indexes go with their tables.
    tables: reversed.map((t) => dialect.dropTable(t.name)),
    types: enumStatements(ir.enums, dialect).down,
  };
}
