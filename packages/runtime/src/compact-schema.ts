import {
  DEFAULT_CASCADE,
  DEFAULT_LAZY,
  defaultAutoincrement,
  defaultCardinality,
  defaultForeignKeyName,
  defaultForeignKeySide,
  defaultLocalColumns,
  defaultRemoteColumns,
  keyOf,
  present,
  sameData,
} from "./schema-derive.js";
import type { ColumnMeta, EntityMeta, ForeignKeyMeta, RelationMeta, SchemaMeta, TableMeta } from "./schema-meta.js";
import type { ColumnSource, EntitySource, ForeignKeySource, RelationSource, SchemaSource, TableSource } from "./schema-source.js";

/**
 * The inverse of `defineSchema`: the full metadata with every property that
 * its default (schema-derive.ts) reproduces left out. The generator prints
 * this into `schema.ts`.
 */
export function compactSchema(meta: SchemaMeta): SchemaSource {
  const entities = Object.fromEntries(Object.values(meta.entities).map((e) => [e.name, compactEntity(e, meta)]));
  const enums = Object.values(meta.enums);
  return present({
    entities,
    tables: meta.tables.map((t) => compactTable(t, meta)),
    enums: enums.length > 0 ? Object.fromEntries(enums.map((e) => [e.name, e.values])) : undefined,
  });
}

/** `value` unless it equals what the expansion derives. */
const unless = <T>(value: T, derived: unknown): T | undefined => (sameData(value, derived) ? undefined : value);

function compactEntity(e: EntityMeta, meta: SchemaMeta): EntitySource {
  const relations = Object.values(e.relations);
  return present({
    table: e.table,
    columns: compactColumns(e.columns),
    primaryKey: unless(e.primaryKey, keyOf(e.columns)),
    relations: relations.length > 0 ? Object.fromEntries(relations.map((r) => [r.name, compactRelation(r, e, meta)])) : undefined,
  });
}

function compactColumns(columns: readonly ColumnMeta[]): { [field: string]: ColumnSource } {
  return Object.fromEntries(
    columns.map((c) => {
      const t = c.type;
      const d = c.default;
      const onlyKind = t.length === undefined && t.precision === undefined && t.scale === undefined && t.enum === undefined;
      return [
        c.name,
        present({
          column: unless(c.column, c.name),
          type: onlyKind ? t.kind : t,
          nullable: c.nullable || undefined,
          primaryKey: c.primaryKey || undefined,
          autoincrement: unless(c.autoincrement, defaultAutoincrement(d)),
          default: d && !("value" in d) ? d.kind : d,
          unique: c.unique || undefined,
        }),
      ];
    }),
  );
}

function compactRelation(r: RelationMeta, owner: EntityMeta, meta: SchemaMeta): RelationSource {
  const target = meta.entities[r.target]!;
  const inverse = r.inverse === undefined ? undefined : target.relations[r.inverse];
  const t = r.through;
  return present({
    kind: r.kind,
    target: r.target,
    cardinality: unless(r.cardinality, defaultCardinality(r.kind, r.foreignKeySide, r.localColumns, owner)),
    foreignKeySide: unless(r.foreignKeySide, defaultForeignKeySide(r.kind)),
    localColumns: unless(r.localColumns, defaultLocalColumns(r.foreignKeySide, owner)),
    remoteColumns: unless(r.remoteColumns, defaultRemoteColumns(r.foreignKeySide, target, inverse?.localColumns)),
    through: t && present({
      table: t.table,
      entity: t.entity,
      sourceColumns: t.sourceColumns,
      sourceReferences: unless(t.sourceReferences, owner.primaryKey),
      targetColumns: t.targetColumns,
      targetReferences: unless(t.targetReferences, target.primaryKey),
    }),
    inverse: r.inverse,
    lazy: unless(r.lazy, DEFAULT_LAZY),
    cascade: unless(r.cascade, DEFAULT_CASCADE),
    orderBy: r.orderBy.length > 0 ? r.orderBy : undefined,
    passiveDeletes: r.passiveDeletes || undefined,
    viewOnly: r.viewOnly || undefined,
    selfReferential: unless(r.selfReferential, r.target === owner.name),
  });
}

function compactTable(t: TableMeta, meta: SchemaMeta): TableSource {
  const entity = t.entity === undefined ? undefined : meta.entities[t.entity];
  const ownColumns = !entity || !sameData(t.columns, entity.columns);
  const derivedKey = ownColumns || !entity ? keyOf(t.columns) : entity.primaryKey;
  return present({
    name: unless(t.name, entity?.table),
    entity: t.entity,
    columns: ownColumns ? compactColumns(t.columns) : undefined,
    primaryKey: unless(t.primaryKey, derivedKey),
    foreignKeys: t.foreignKeys.length > 0 ? t.foreignKeys.map((fk) => compactForeignKey(fk, t, meta)) : undefined,
    keyNames: t.keyNames,
  });
}

function compactForeignKey(fk: ForeignKeyMeta, table: TableMeta, meta: SchemaMeta): ForeignKeySource {
  const target = fk.targetEntity === undefined ? undefined : meta.entities[fk.targetEntity];
  return present({
    name: unless(fk.name, defaultForeignKeyName(table.name, fk.columns, table.columns)),
    columns: fk.columns,
    targetTable: unless(fk.targetTable, target?.table),
    targetEntity: fk.targetEntity,
    targetColumns: unless(fk.targetColumns, target?.primaryKey),
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
    deferred: fk.deferred || undefined,
  });
}
