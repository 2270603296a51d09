import type { DefaultValue } from "@relgen/dsl";
import type { SchemaChange } from "./changes.js";
import type { SnapshotColumn, SnapshotColumnType, SnapshotForeignKey } from "./snapshot-types.js";

/** `String(200)`, `Decimal(10,2)`, `Role` — the type as the schema writes it. */
export function typeText(type: SnapshotColumnType): string {
  if (type.kind === "Enum") return type.enumName ?? "Enum";
  if (type.kind === "String" && type.length !== undefined) return `String(${type.length})`;
  if (type.kind === "Decimal" && type.precision !== undefined) return `Decimal(${type.precision},${type.scale ?? 0})`;
  return type.kind;
}

export function columnText(column: SnapshotColumn): string {
  return `${typeText(column.type)}${column.nullable ? "?" : ""}`;
}

/** `"draft"`, `42`, `ADMIN`, `now()` — the default as the schema writes it (the diagram shows it too). */
export function defaultValueText(d: DefaultValue): string {
  if (d.kind === "literal") return d.raw ?? JSON.stringify(d.value);
  if (d.kind === "enum") return d.value;
  return `${d.kind}()`;
}

function defaultText(column: SnapshotColumn): string {
  return column.default === undefined ? "no default" : `default ${defaultValueText(column.default)}`;
}

function foreignKeyText(fk: SnapshotForeignKey): string {
  const actions = [fk.onDelete && ` ON DELETE ${fk.onDelete}`, fk.onUpdate && ` ON UPDATE ${fk.onUpdate}`].filter(Boolean).join("");
  return `${fk.name} (${fk.columns.join(", ")}) -> ${fk.targetTable} (${fk.targetColumns.join(", ")})${actions}`;
}

/** One human line per change, as `relgen migrate dev` prints it and the migration file lists it. */
export function describeChange(change: SchemaChange): string {
  switch (change.kind) {
    case "create-enum":
      return `add enum ${change.enum.name} (${change.enum.values.join(", ")})`;
    case "drop-enum":
      return `drop enum ${change.enum.name}`;
    case "change-enum": {
      const added = change.after.filter((v) => !change.before.includes(v));
      const removed = change.before.filter((v) => !change.after.includes(v));
      const parts = [
        added.length > 0 ? `add ${added.join(", ")}` : "",
        removed.length > 0 ? `remove ${removed.join(", ")}` : "",
        added.length === 0 && removed.length === 0 ? `reorder to ${change.after.join(", ")}` : "",
      ].filter(Boolean);
      return `change enum ${change.name}: ${parts.join("; ")}`;
    }
    case "create-table":
      return `add table ${change.table.name}`;
    case "drop-table":
      return `drop table ${change.table.name}`;
    case "rename-table":
      return `rename table ${change.from} -> ${change.to}`;
    case "add-column":
      return `add column ${change.table}.${change.column.columnName} (${columnText(change.column)})`;
    case "drop-column":
      return `drop column ${change.table}.${change.column.columnName}`;
    case "rename-column":
      return `rename column ${change.table}.${change.from} -> ${change.to}`;
    case "alter-column": {
      const { before: b, after: a } = change;
      const parts: string[] = [];
      if (typeText(b.type) !== typeText(a.type)) parts.push(`${typeText(b.type)} -> ${typeText(a.type)}`);
      if (b.nullable !== a.nullable) parts.push(a.nullable ? "nullable" : "NOT NULL");
      if (defaultText(b) !== defaultText(a)) parts.push(`${defaultText(b)} -> ${defaultText(a)}`);
      if (b.autoincrement !== a.autoincrement) parts.push(a.autoincrement ? "autoincrement" : "no autoincrement");
      return `change column ${change.table}.${a.columnName}: ${parts.join(", ")}`;
    }
    case "add-primary-key":
    case "drop-primary-key":
    case "add-unique":
    case "drop-unique":
    case "add-index":
    case "drop-index": {
      const [verb, ...what] = change.kind.split("-");
      return `${verb} ${what.join(" ")} ${change.key.name} on ${change.table} (${change.key.columns.join(", ")})`;
    }
    case "add-foreign-key":
      return `add foreign key ${foreignKeyText(change.foreignKey)}`;
    case "drop-foreign-key":
      return `drop foreign key ${foreignKeyText(change.foreignKey)}`;
    case "rename-primary-key":
    case "rename-unique":
    case "rename-index":
    case "rename-foreign-key":
      return `rename ${change.kind.slice("rename-".length).replace("-", " ")} ${change.table}.${change.from} -> ${change.to}`;
  }
}
