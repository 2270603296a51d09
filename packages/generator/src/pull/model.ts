import type { MigrationDialect } from "@relgen/runtime/migrate";

/**
 * The schema pull infers, as printable parts: every name is decided and
 * every attribute written out here, so printing only lays them out.
 */
export interface PulledSchema {
  readonly dialect: MigrationDialect;
  readonly enums: readonly PulledEnum[];
  /** Entities first, then association tables; each group in table-name order. */
  readonly decls: readonly PulledDecl[];
  /** What the database has and `.rel` cannot say, one sentence each (comments on top, warnings on stderr). */
  readonly notes: readonly string[];
}

export interface PulledEnum {
  readonly name: string;
  readonly values: readonly string[];
}

export interface PulledDecl {
  readonly keyword: "entity" | "table";
  readonly name: string;
  /** The table's comment in the database, printed as `///` docs. */
  readonly doc?: string;
  /** The database table. */
  readonly table: string;
  readonly blockAttributes: string[];
  /** Columns, in the table's column order. */
  readonly fields: PulledField[];
  /** Relation fields, after the columns. */
  readonly relations: PulledField[];
}

export interface PulledField {
  readonly name: string;
  /** The column's comment in the database, printed as `///` docs. */
  readonly doc?: string;
  /** As written: `String(80)?`, `Post[]`. */
  readonly type: string;
  readonly attributes: string[];
}
