import type { SchemaChange } from "./changes.js";
import { typeText } from "./describe.js";
import type { SchemaSnapshot, SnapshotColumnType } from "./snapshot-types.js";

/** Something a migration would lose or fail on; the CLI refuses unless --allow-data-loss. */
export interface DataLoss {
  readonly table: string;
  readonly column?: string;
  readonly reason: string;
}

// MySQL stores an unbounded String as VARCHAR(255), PostgreSQL as text: only
// lengths that fit every engine's reading count as widening.
const MYSQL_STRING = 255;
const TEXTUAL = new Set(["Int", "BigInt", "Float", "Decimal", "String", "Text", "Enum", "Uuid", "Date", "DateTime", "Boolean", "Json"]);

/**
 * Whether every value of `from` survives in `to` on all three engines. Known
 * widenings: Int -> BigInt/Float/Decimal(no bound or >= 10 integer digits),
 * BigInt -> Decimal(no bound or >= 19 integer digits), Decimal growing on both
 * sides of the point, String(n) -> String(m >= n), String(n <= 255) -> String,
 * Uuid -> String(>= 36), Date -> DateTime, and anything textual -> Text.
 * Everything else (Float -> Int, BigInt -> Int, Text -> String(n), other
 * kinds) is narrowing: it may truncate, round or fail.
 */
export function isWidening(from: SnapshotColumnType, to: SnapshotColumnType): boolean {
  const integerDigits = (t: SnapshotColumnType) => (t.precision === undefined ? Infinity : t.precision - (t.scale ?? 0));
  if (to.kind === "Text") return TEXTUAL.has(from.kind);
  switch (from.kind) {
    case "Int":
      return to.kind === "BigInt" || to.kind === "Float" || (to.kind === "Decimal" && integerDigits(to) >= 10) || to.kind === "Int";
    case "BigInt":
      return (to.kind === "Decimal" && integerDigits(to) >= 19) || to.kind === "BigInt";
    case "Decimal":
      return (
        to.kind === "Decimal" &&
        (to.precision === undefined || (from.precision !== undefined && (to.scale ?? 0) >= (from.scale ?? 0) && integerDigits(to) >= integerDigits(from)))
      );
    case "String":
      if (to.kind !== "String") return false;
      if (to.length === undefined) return from.length === undefined || from.length <= MYSQL_STRING;
      return from.length !== undefined && to.length >= from.length;
    case "Uuid":
      return to.kind === "Uuid" || (to.kind === "String" && (to.length === undefined || to.length >= 36));
    case "Date":
      return to.kind === "Date" || to.kind === "DateTime";
    case "Enum":
      return to.kind === "Enum" && to.enumName === from.enumName;
    default:
      return to.kind === from.kind;
  }
}

/** What the changes would lose, each with its table and column. `next` tells which columns use an enum. */
export function dataLosses(changes: readonly SchemaChange[], next: SchemaSnapshot): DataLoss[] {
  const losses: DataLoss[] = [];
  for (const c of changes) {
    switch (c.kind) {
      case "drop-table":
        losses.push({ table: c.table.name, reason: "the table is dropped with its rows" });
        break;
      case "drop-column":
        losses.push({ table: c.table, column: c.column.columnName, reason: "the column is dropped with its data" });
        break;
      case "add-column":
        if (!c.column.nullable && c.column.default === undefined && !c.column.autoincrement)
          losses.push({
            table: c.table,
            column: c.column.columnName,
            reason: "a NOT NULL column without a default cannot be filled on existing rows; give it a @default (or make it optional)",
          });
        break;
      case "alter-column": {
        const { before: b, after: a } = c;
        if (!isWidening(b.type, a.type))
          losses.push({ table: c.table, column: a.columnName, reason: `${typeText(b.type)} -> ${typeText(a.type)} may truncate, round or fail on existing values` });
        if (b.nullable && !a.nullable && a.default === undefined)
          losses.push({ table: c.table, column: a.columnName, reason: "NOT NULL without a default fails on existing NULLs; give it a @default" });
        break;
      }
      case "change-enum": {
        const removed = c.before.filter((v) => !c.after.includes(v));
        if (removed.length === 0) break;
        for (const t of next.tables)
          for (const col of t.columns)
            if (col.type.kind === "Enum" && col.type.enumName === c.name)
              for (const v of removed)
                losses.push({ table: t.name, column: col.columnName, reason: `enum member ${v} removed (rows holding it make the migration fail)` });
        break;
      }
      default:
        break;
    }
  }
  return losses;
}

/** Why the down script cannot give the data back, or undefined when it can. */
export function irreversibleReason(changes: readonly SchemaChange[]): string | undefined {
  const reasons: string[] = [];
  for (const c of changes) {
    if (c.kind === "drop-table") reasons.push(`table ${c.table.name} was dropped`);
    if (c.kind === "drop-column") reasons.push(`column ${c.table}.${c.column.columnName} was dropped`);
    if (c.kind === "alter-column" && !isWidening(c.before.type, c.after.type))
      reasons.push(`column ${c.table}.${c.after.columnName} was narrowed (${typeText(c.before.type)} -> ${typeText(c.after.type)})`);
  }
  return reasons.length === 0
    ? undefined
    : `the up migration lost data that a down cannot restore: ${reasons.join("; ")}. Restore from a backup, or write a new migration that reverses it`;
}
