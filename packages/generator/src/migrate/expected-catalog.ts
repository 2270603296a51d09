import type { ColumnIR, ColumnType, EnumIR } from "@relgen/dsl";
import {
  normalizeAction,
  normalizeColumnType,
  sortCatalog,
  type Catalog,
  type CatalogTable,
} from "@relgen/runtime/migrate";
import type { Dialect } from "../contract.js";
import { dialectFor } from "../dialects/index.js";
import { renderJsonRecords } from "./json-layout.js";
import type { SchemaSnapshot, SnapshotTable } from "./snapshot-types.js";

/**
 * The catalog that introspecting a database reads after the migrations that
 * produce `snapshot` ran on `dialect` (`<id>.catalog.json`, the drift check's
 * reference). Column types come from the same dialect classes that write the
 * DDL, passed through the runtime's normalisation that introspection uses,
 * so the two cannot disagree about a type's spelling.
 */
export function expectedCatalog(snapshot: SchemaSnapshot, dialect: Dialect): Catalog {
  const sql = dialectFor(dialect);
  const enums = new Map<string, EnumIR>(
    snapshot.enums.map((e) => [e.name, { name: e.name, values: e.values } as EnumIR]),
  );
  const byName = new Map(snapshot.tables.map((t) => [t.name, t]));
  const columnNames = (table: SnapshotTable, fields: readonly string[]) =>
    fields.map((field) => table.columns.find((c) => c.name === field)?.columnName ?? field);

  const tables = snapshot.tables.map((table): CatalogTable => {
    const keyColumns = new Set(columnNames(table, table.primaryKey));
    return {
      name: table.name,
      columns: table.columns.map((column) => {
        const type = column.type as ColumnType;
        const declared =
          dialect === "postgres" && type.kind === "Enum"
            ? (type.enumName ?? "")
            : normalizeColumnType(dialect, sql.columnType(type, enums));
        const hasDefault =
          column.autoincrement ||
          (column.default !== undefined &&
            sql.defaultExpr(column.default, column as unknown as ColumnIR) !== undefined &&
            !(column.default.kind === "literal" && column.default.value === null));
        return {
          name: column.columnName,
          type: declared,
          // PostgreSQL and MySQL make every primary-key column NOT NULL; SQLite keeps what was declared.
          nullable: column.nullable && !(dialect !== "sqlite" && keyColumns.has(column.columnName)),
          hasDefault,
        };
      }),
      primaryKey: columnNames(table, table.primaryKey),
      uniques: table.uniques.map((u) => columnNames(table, u.columns)),
      indexes: table.indexes.map((i) => columnNames(table, i.columns)),
      foreignKeys: table.foreignKeys.map((fk) => {
        const target = byName.get(fk.targetTable);
        return {
          columns: columnNames(table, fk.columns),
          targetTable: fk.targetTable,
          targetColumns: target === undefined ? [...fk.targetColumns] : columnNames(target, fk.targetColumns),
          onDelete: normalizeAction(dialect, fk.onDelete),
          onUpdate: normalizeAction(dialect, fk.onUpdate),
        };
      }),
    };
  });
  return sortCatalog({
    dialect,
    tables,
    enums: dialect === "postgres" ? snapshot.enums.map((e) => ({ name: e.name, values: [...e.values] })) : [],
  });
}

/** The catalog as `<id>.catalog.json` holds it: sorted, one column or key per line (`renderJsonRecords`). */
export function renderCatalog(catalog: Catalog): string {
  return renderJsonRecords(sortCatalog(catalog));
}

/** `renderCatalog(expectedCatalog(snapshot, dialect))` without sorting the catalog a second time. */
export function renderExpectedCatalog(snapshot: SchemaSnapshot, dialect: Dialect): string {
  return renderJsonRecords(expectedCatalog(snapshot, dialect));
}
