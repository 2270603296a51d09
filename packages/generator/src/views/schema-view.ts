import type { ColumnIR, EntityIR, ForeignKeyIR, RelationIR, TableIR } from "@relgen/dsl";
import { compactSchema, type SchemaMeta } from "@relgen/runtime";
import type { ViewContext } from "./context.js";
import { tsHeader } from "./header.js";
import { DEFINE_SCHEMA, importedValueLocal, localSpec, RUNTIME_MODULE, runtimeTypeLocal, SCHEMA_CONST } from "./naming.js";
import { type LiteralValue, printCallStatement, type TextMemo } from "./ts-literal.js";
import { moduleDeclaration, printTs } from "../render/ts-layout.js";

/**
 * schema.ts: the IR as runtime metadata (no spans, no docs). It prints the
 * compact form (every property the runtime derives left out) inside
 * `defineSchema(...)`, and declares the constant's type instead of letting
 * tsc infer a literal type that grows with the whole schema.
 */
export interface SchemaView {
  readonly header: string;
  readonly metaImport: string;
  readonly declaration: string;
  readonly typeAlias: string;
}

export function schemaView(ctx: ViewContext, memo?: TextMemo): SchemaView {
  const metaType = runtimeTypeLocal("SchemaMeta", ctx.schemaNames);
  const define = importedValueLocal(DEFINE_SCHEMA, ctx.schemaNames);
  const specs = [localSpec(DEFINE_SCHEMA, define), `type ${localSpec("SchemaMeta", metaType)}`];
  const source = compactSchema(schemaMeta(ctx) as unknown as SchemaMeta) as unknown as LiteralValue;
  return {
    header: tsHeader(ctx.sourceName),
    metaImport: printTs(moduleDeclaration("import", specs, RUNTIME_MODULE)),
    declaration: printCallStatement(`export const ${SCHEMA_CONST}: ${metaType} = `, define, source, memo),
    typeAlias: `export type Schema = ${metaType};`,
  };
}

/** The full metadata, shaped like the runtime's SchemaMeta: what `defineSchema` must give back. */
export function schemaMeta(ctx: ViewContext): LiteralValue {
  const { ir } = ctx;
  // An entity's table has the entity's own column list: one metadata list for both lets
  // compactSchema see they are the same by identity instead of comparing them deeply.
  const columnLists = new Map<readonly ColumnIR[], LiteralValue>();
  const columnsMeta = (columns: readonly ColumnIR[]): LiteralValue => {
    let meta = columnLists.get(columns);
    if (meta === undefined) columnLists.set(columns, (meta = columns.map(columnMeta)));
    return meta;
  };
  return {
    entities: Object.fromEntries(ir.entities.map((e) => [e.name, entityMeta(e, columnsMeta)])),
    tables: ir.tables.map((t) => tableMeta(t, columnsMeta)),
    enums: Object.fromEntries(ir.enums.map((e) => [e.name, { name: e.name, values: [...e.values] }])),
  };
}

type ColumnsMeta = (columns: readonly ColumnIR[]) => LiteralValue;

function entityMeta(entity: EntityIR, columnsMeta: ColumnsMeta): LiteralValue {
  return {
    name: entity.name,
    table: entity.tableName,
    columns: columnsMeta(entity.columns),
    primaryKey: [...entity.primaryKey],
    relations: Object.fromEntries(entity.relations.map((r) => [r.name, relationMeta(r)])),
  };
}

function columnMeta(column: ColumnIR): LiteralValue {
  const t = column.type;
  const d = column.default;
  return {
    name: column.name,
    column: column.columnName,
    type: { kind: t.kind, length: t.length, precision: t.precision, scale: t.scale, enum: t.enumName },
    nullable: column.nullable,
    primaryKey: column.primaryKey,
    autoincrement: column.autoincrement,
    default: d === undefined ? undefined : "value" in d ? { kind: d.kind, value: defaultValue(column) } : { kind: d.kind },
    unique: column.unique,
  };
}

/**
 * A literal default as data the runtime can use without the .rel text:
 * Decimal keeps its digits as written (its TypeScript type is string) and
 * BigInt is a decimal string (JSON-like data has no bigint; the runtime
 * converts by the column type).
 */
function defaultValue(column: ColumnIR): string | number | boolean | null {
  const d = column.default;
  if (d === undefined || !("value" in d)) return null;
  const exactDigits = column.type.kind === "Decimal" || column.type.kind === "BigInt";
  if (exactDigits && typeof d.value === "number") return "raw" in d && d.raw !== undefined ? d.raw : String(d.value);
  return d.value;
}

function relationMeta(r: RelationIR): LiteralValue {
  return {
    name: r.name,
    kind: r.kind,
    target: r.target,
    cardinality: r.cardinality,
    foreignKeySide: r.foreignKeySide,
    localColumns: [...r.localColumns],
    remoteColumns: [...r.remoteColumns],
    through: r.through && {
      table: r.through.table,
      entity: r.through.entity,
      sourceColumns: [...r.through.sourceColumns],
      sourceReferences: [...r.through.sourceReferences],
      targetColumns: [...r.through.targetColumns],
      targetReferences: [...r.through.targetReferences],
    },
    inverse: r.inverse,
    lazy: r.lazy,
    cascade: [...r.cascade],
    orderBy: r.orderBy.map((o) => ({ field: o.field, direction: o.direction })),
    passiveDeletes: r.passiveDeletes,
    viewOnly: r.viewOnly,
    selfReferential: r.selfReferential,
  };
}

function tableMeta(table: TableIR, columnsMeta: ColumnsMeta): LiteralValue {
  return {
    name: table.name,
    entity: table.entity,
    columns: columnsMeta(table.columns),
    primaryKey: [...table.primaryKey],
    foreignKeys: table.foreignKeys.map(foreignKeyMeta),
    keyNames: renamedKeys(table),
  };
}

/**
 * Single-column primary and unique keys whose constraint name is not the
 * conventional `<table>_pkey` / `<table>_<column>_key` (shortened because it
 * was long, or `_2` after a clash): constraint name → field, so the runtime
 * can still tell which column a violation is about. Absent when there are none.
 */
function renamedKeys(table: TableIR): LiteralValue {
  const column = (field: string) => table.columns.find((c) => c.name === field)?.columnName ?? field;
  const keys: [string, string][] = [];
  const [pk] = table.primaryKey;
  if (pk !== undefined && table.primaryKey.length === 1 && table.primaryKeyName !== `${table.name}_pkey`) keys.push([table.primaryKeyName, pk]);
  for (const u of table.uniques) {
    const [field] = u.columns;
    if (field !== undefined && u.columns.length === 1 && u.name !== `${table.name}_${column(field)}_key`) keys.push([u.name, field]);
  }
  return keys.length > 0 ? Object.fromEntries(keys) : undefined;
}

function foreignKeyMeta(fk: ForeignKeyIR): LiteralValue {
  return {
    name: fk.name,
    columns: [...fk.columns],
    targetTable: fk.targetTable,
    targetEntity: fk.targetEntity,
    targetColumns: [...fk.targetColumns],
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
    deferred: fk.deferred,
  };
}
