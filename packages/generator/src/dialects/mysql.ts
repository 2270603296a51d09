import type { ColumnIR, ColumnType, EnumIR, ReferentialAction, ScalarKind } from "@relgen/dsl";
import { type KeyPart, SqlDialect } from "./dialect.js";

const TYPES: Record<Exclude<ScalarKind, "String" | "Decimal" | "Enum">, string> = {
  Int: "INT",
  BigInt: "BIGINT",
  Float: "DOUBLE",
  Text: "TEXT",
  Boolean: "TINYINT(1)",
  Date: "DATE",
  DateTime: "DATETIME(3)",
  Json: "JSON",
  Uuid: "CHAR(36)",
  Bytes: "LONGBLOB",
};

/** Characters of a TEXT/BLOB column MySQL indexes (it cannot index the whole value). */
export const MYSQL_INDEX_PREFIX = 255;

/** Column kinds MySQL stores off-page: no plain index, and literal defaults must be expressions. */
const BLOB_LIKE = new Set<ScalarKind>(["Text", "Bytes", "Json"]);

/** MySQL 8: backtick quoting, inline ENUM(...), AUTO_INCREMENT, InnoDB tables. */
export class MysqlDialect extends SqlDialect {
  readonly name = "mysql" as const;

  override quoteIdent(name: string): string {
    return `\`${name.replace(/`/g, "``")}\``;
  }

  override stringLiteral(value: string): string {
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  }

  override booleanLiteral(value: boolean): string {
    return value ? "1" : "0";
  }

  columnType(type: ColumnType, enums: ReadonlyMap<string, EnumIR>): string {
    switch (type.kind) {
      case "String":
        return `VARCHAR(${type.length ?? 255})`;
      case "Decimal":
        return type.precision === undefined ? "DECIMAL" : `DECIMAL(${type.precision},${type.scale ?? 0})`;
      case "Enum": {
        const values = enums.get(type.enumName ?? "")?.values ?? [];
        return `ENUM(${values.map((v) => this.stringLiteral(v)).join(", ")})`;
      }
      default:
        return TYPES[type.kind];
    }
  }

  // TEXT, BLOB and JSON columns only take expression defaults (MySQL 8.0.13+).
  protected override literalExpr(
    value: string | number | boolean | null,
    raw: string | undefined,
    column: ColumnIR,
  ): string {
    const sql = super.literalExpr(value, raw, column);
    return BLOB_LIKE.has(column.type.kind) && value !== null ? `(${sql})` : sql;
  }

  nowExpr(column: ColumnIR): string {
    return column.type.kind === "Date" ? "(CURRENT_DATE)" : "CURRENT_TIMESTAMP(3)";
  }

  uuidExpr(): string {
    return "(UUID())";
  }

  autoincrementClause(): string {
    return "AUTO_INCREMENT";
  }

  override keyPart(column: ColumnIR): KeyPart {
    const sql = this.quoteIdent(column.columnName);
    if (column.type.kind !== "Text" && column.type.kind !== "Bytes") return { sql };
    return {
      sql: `${sql}(${MYSQL_INDEX_PREFIX})`,
      note: `MySQL cannot index a whole TEXT/BLOB column: ${sql} is indexed on its first ${MYSQL_INDEX_PREFIX} characters.`,
    };
  }

  override referentialActionNote(action: ReferentialAction): string | undefined {
    return action === "set-default"
      ? "InnoDB rejects SET DEFAULT foreign-key actions; use a trigger instead."
      : undefined;
  }

  override tableOptions(): string {
    return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
  }

  override dropForeignKey(table: string, constraint: string): string {
    return `ALTER TABLE ${this.quoteIdent(table)} DROP FOREIGN KEY ${this.quoteIdent(constraint)};`;
  }
}
