import type { ColumnIR, DefaultValue, ForeignKeyIR, SchemaIR, TableIR } from "@relgen/dsl";
import type {
  SchemaSnapshot,
  SnapshotColumn,
  SnapshotColumnType,
  SnapshotForeignKey,
  SnapshotTable,
} from "./snapshot-types.js";
import { renderJsonRecords } from "./json-layout.js";

/**
 * The database-facing subset of the IR, rebuilt key by key so that the key
 * order of the stored JSON is fixed by this file, not by how the resolver
 * happened to build its objects.
 */
export function snapshotOf(ir: Pick<SchemaIR, "tables" | "enums"> | SchemaSnapshot): SchemaSnapshot {
  return {
    relgenSnapshot: 1,
    tables: (ir.tables as readonly (TableIR | SnapshotTable)[]).map(tableOf),
    enums: ir.enums.map((e) => ({ name: e.name, values: [...e.values] })),
  };
}

/**
 * Stable JSON, one column or key per line (`renderJsonRecords`), keys in the order `snapshotOf` builds them.
 * Takes the IR as well as a snapshot: either is rebuilt key by key, once.
 */
export function renderSnapshot(snapshot: Pick<SchemaIR, "tables" | "enums"> | SchemaSnapshot): string {
  return renderJsonRecords(snapshotOf(snapshot));
}

function tableOf(table: SnapshotTable | TableIR): SnapshotTable {
  return {
    name: table.name,
    ...(table.entity === undefined ? {} : { entity: table.entity }),
    columns: table.columns.map(columnOf),
    primaryKeyName: table.primaryKeyName,
    primaryKey: [...table.primaryKey],
    uniques: table.uniques.map((u) => ({ name: u.name, columns: [...u.columns] })),
    indexes: table.indexes.map((i) => ({ name: i.name, columns: [...i.columns], origin: i.origin })),
    foreignKeys: table.foreignKeys.map(foreignKeyOf),
  };
}

function columnOf(column: SnapshotColumn | ColumnIR): SnapshotColumn {
  return {
    name: column.name,
    columnName: column.columnName,
    type: typeOf(column.type),
    nullable: column.nullable,
    primaryKey: column.primaryKey,
    autoincrement: column.autoincrement,
    ...(column.default === undefined ? {} : { default: defaultOf(column.default) }),
    unique: column.unique,
  };
}

function typeOf(type: SnapshotColumnType): SnapshotColumnType {
  return {
    kind: type.kind,
    ...(type.length === undefined ? {} : { length: type.length }),
    ...(type.precision === undefined ? {} : { precision: type.precision }),
    ...(type.scale === undefined ? {} : { scale: type.scale }),
    ...(type.enumName === undefined ? {} : { enumName: type.enumName }),
  };
}

function defaultOf(value: DefaultValue): DefaultValue {
  switch (value.kind) {
    case "literal":
      return { kind: "literal", value: value.value, ...(value.raw === undefined ? {} : { raw: value.raw }) };
    case "enum":
      return { kind: "enum", value: value.value };
    default:
      return { kind: value.kind };
  }
}

function foreignKeyOf(fk: SnapshotForeignKey | ForeignKeyIR): SnapshotForeignKey {
  return {
    name: fk.name,
    columns: [...fk.columns],
    targetTable: fk.targetTable,
    ...(fk.targetEntity === undefined ? {} : { targetEntity: fk.targetEntity }),
    targetColumns: [...fk.targetColumns],
    ...(fk.onDelete === undefined ? {} : { onDelete: fk.onDelete }),
    ...(fk.onUpdate === undefined ? {} : { onUpdate: fk.onUpdate }),
    deferred: fk.deferred,
  };
}
