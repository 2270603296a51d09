import type { ColumnType, DefaultValue, ReferentialAction } from "@relgen/dsl";

/**
 * The resolved schema as `relgen migrate dev` stores it beside the migrations
 * (`snapshots/<id>.json`): the database-facing part of the IR only — no spans,
 * docs, relations or TypeScript types — so that editing a comment or a
 * loading strategy never makes a migration. Key lists hold field names, as in
 * the IR; `columnName` is the database name.
 */
export interface SchemaSnapshot {
  /** Format version of this file. */
  readonly relgenSnapshot: 1;
  /** In the IR's order (referenced tables first). */
  readonly tables: readonly SnapshotTable[];
  readonly enums: readonly SnapshotEnum[];
}

export interface SnapshotEnum {
  readonly name: string;
  readonly values: readonly string[];
}

export type SnapshotColumnType = Omit<ColumnType, "tsType">;

export interface SnapshotColumn {
  readonly name: string;
  readonly columnName: string;
  readonly type: SnapshotColumnType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly autoincrement: boolean;
  readonly default?: DefaultValue;
  readonly unique: boolean;
}

export interface SnapshotForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly targetTable: string;
  readonly targetEntity?: string;
  readonly targetColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferred: boolean;
}

export interface SnapshotTable {
  readonly name: string;
  readonly entity?: string;
  readonly columns: readonly SnapshotColumn[];
  readonly primaryKeyName: string;
  readonly primaryKey: readonly string[];
  readonly uniques: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly indexes: readonly { readonly name: string; readonly columns: readonly string[]; readonly origin: "declared" | "foreign-key" }[];
  readonly foreignKeys: readonly SnapshotForeignKey[];
}
