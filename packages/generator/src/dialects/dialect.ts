import type { ColumnIR, ColumnType, DefaultValue, EnumIR, ReferentialAction } from "@relgen/dsl";
import type { Dialect } from "../contract.js";

/** How one column appears inside an index or key list, with a note when the engine needs a workaround. */
export interface KeyPart {
  readonly sql: string;
  readonly note?: string;
}

const ACTION_SQL: Record<ReferentialAction, string> = {
  cascade: "CASCADE",
  "set-null": "SET NULL",
  restrict: "RESTRICT",
  "no-action": "NO ACTION",
  "set-default": "SET DEFAULT",
};

/**
 * The SQL every engine shares, as small hooks. A dialect overrides only the
 * hooks where its engine differs (types, defaults, autoincrement, enums,
 * quoting, what ALTER TABLE can do) instead of copying the DDL builder.
 */
export abstract class SqlDialect {
  abstract readonly name: Dialect;

  /** False when the engine cannot `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY` (SQLite): every key stays inline. */
  readonly canAddForeignKeyLater: boolean = true;

  quoteIdent(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }

  stringLiteral(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
  }

  booleanLiteral(value: boolean): string {
    return value ? "TRUE" : "FALSE";
  }

  abstract columnType(type: ColumnType, enums: ReadonlyMap<string, EnumIR>): string;

  /** SQL for a `@default`; undefined for autoincrement (see `autoincrementClause`). */
  defaultExpr(value: DefaultValue, column: ColumnIR): string | undefined {
    switch (value.kind) {
      case "autoincrement":
        return undefined;
      case "now":
        return this.nowExpr(column);
      case "uuid":
        return this.uuidExpr();
      case "enum":
        return this.stringLiteral(value.value);
      case "literal":
        return this.literalExpr(value.value, value.raw, column);
    }
  }

  protected literalExpr(value: string | number | boolean | null, raw: string | undefined, _column: ColumnIR): string {
    if (value === null) return "NULL";
    if (typeof value === "boolean") return this.booleanLiteral(value);
    if (typeof value === "number") return raw !== undefined && /^-?\d+(\.\d+)?$/.test(raw) ? raw : String(value);
    return this.stringLiteral(value);
  }

  abstract nowExpr(column: ColumnIR): string;
  abstract uuidExpr(): string;

  /** Words after the type for an autoincrement column (`primaryKeyName` for engines that declare the key inline). */
  abstract autoincrementClause(column: ColumnIR, primaryKeyName: string): string;

  /** True when the autoincrement column carries the primary key inline (SQLite's `INTEGER PRIMARY KEY AUTOINCREMENT`). */
  autoincrementIsInlinePrimaryKey(): boolean {
    return false;
  }

  /** A column-level CHECK (SQLite's stand-in for enum types). */
  columnCheck(_column: ColumnIR, _enums: ReadonlyMap<string, EnumIR>): string | undefined {
    return undefined;
  }

  /** Statements creating enum types before any table (PostgreSQL). */
  createEnumTypes(_enums: readonly EnumIR[]): string[] {
    return [];
  }

  /** Statements dropping them after every table. */
  dropEnumTypes(_enums: readonly EnumIR[]): string[] {
    return [];
  }

  keyPart(column: ColumnIR): KeyPart {
    return { sql: this.quoteIdent(column.columnName) };
  }

  referentialAction(action: ReferentialAction): string {
    return ACTION_SQL[action];
  }

  /** A note to print above a foreign key whose action the engine handles differently. */
  referentialActionNote(_action: ReferentialAction): string | undefined {
    return undefined;
  }

  /** Text after the closing parenthesis of CREATE TABLE. */
  tableOptions(): string {
    return "";
  }

  dropForeignKey(table: string, constraint: string): string {
    return `ALTER TABLE ${this.quoteIdent(table)} DROP CONSTRAINT ${this.quoteIdent(constraint)};`;
  }

  dropTable(table: string): string {
    return `DROP TABLE ${this.quoteIdent(table)};`;
  }
}
