import type { ColumnIR, ColumnType, EnumIR, ScalarKind } from "@relgen/dsl";
import { SqlDialect } from "./dialect.js";

const TYPES: Record<ScalarKind, string> = {
  Int: "INTEGER",
  BigInt: "INTEGER",
  Float: "REAL",
  Decimal: "NUMERIC",
  String: "TEXT",
  Text: "TEXT",
  Boolean: "INTEGER",
  Date: "TEXT",
  DateTime: "TEXT",
  Json: "TEXT",
  Uuid: "TEXT",
  Bytes: "BLOB",
  Enum: "TEXT",
};

/** A random v4 UUID from randomblob: version nibble 4, variant 8/9/a/b. */
const UUID_V4 =
  "(lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || " +
  "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))))";

/**
 * SQLite: dates as ISO-8601 text, booleans as 0/1, enums as TEXT + CHECK.
 * It cannot add a foreign key to an existing table, but it accepts forward
 * references, so every key is declared inline even inside a cycle.
 */
export class SqliteDialect extends SqlDialect {
  readonly name = "sqlite" as const;
  override readonly canAddForeignKeyLater = false;

  columnType(type: ColumnType): string {
    return TYPES[type.kind];
  }

  override booleanLiteral(value: boolean): string {
    return value ? "1" : "0";
  }

  nowExpr(column: ColumnIR): string {
    return column.type.kind === "Date" ? "(strftime('%Y-%m-%d', 'now'))" : "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
  }

  uuidExpr(): string {
    return UUID_V4;
  }

  // AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY declared on the column itself.
  autoincrementClause(_column: ColumnIR, primaryKeyName: string): string {
    return `CONSTRAINT ${this.quoteIdent(primaryKeyName)} PRIMARY KEY AUTOINCREMENT`;
  }

  override autoincrementIsInlinePrimaryKey(): boolean {
    return true;
  }

  override columnCheck(column: ColumnIR, enums: ReadonlyMap<string, EnumIR>): string | undefined {
    if (column.type.kind !== "Enum" || column.type.enumName === undefined) return undefined;
    const values = enums.get(column.type.enumName)?.values ?? [];
    return `CHECK (${this.quoteIdent(column.columnName)} IN (${values.map((v) => this.stringLiteral(v)).join(", ")}))`;
  }
}
