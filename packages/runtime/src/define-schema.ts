import { checkSchema, schemaError } from "./schema-check.js";
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
} from "./schema-derive.js";
import type {
  ColumnMeta,
  DefaultMeta,
  EntityMeta,
  ForeignKeyMeta,
  RelationMeta,
  SchemaMeta,
  TableMeta,
} from "./schema-meta.js";
import type { ColumnSource, ForeignKeySource, Named, RelationSource, SchemaSource, TableSource } from "./schema-source.js";

/** Own entries only, so a name like `toString` is never found on `Object.prototype`. */
function entries<T>(named: Named<T> | undefined): [string, T][] {
  return named === undefined ? [] : (Object.entries(named) as [string, T][]);
}

function own<T>(named: Named<T> | Readonly<Record<string, T>> | undefined, key: string | undefined): T | undefined {
  return named !== undefined && key !== undefined && Object.hasOwn(named, key) ? (named as Record<string, T>)[key] : undefined;
}

/**
 * Expands the compact schema a generated `schema.ts` writes into the full
 * {@link SchemaMeta} the runtime reads, once, when the module is imported.
 * Throws a {@link RelgenError} naming the entity and field when the data is
 * inconsistent (a target, inverse or column that does not exist): a stale or
 * hand-edited `schema.ts`.
 */
export function defineSchema(source: SchemaSource): SchemaMeta {
  const entities: Record<string, { -readonly [K in keyof EntityMeta]: EntityMeta[K] }> = {};
  for (const [name, e] of entries(source.entities)) {
    const columns = expandColumns(e.columns);
    entities[name] = { name, table: e.table, columns, primaryKey: e.primaryKey ?? keyOf(columns), relations: {} };
  }
  for (const [name, e] of entries(source.entities)) {
    const owner = entities[name]!;
    const relations = entries(e.relations).map(([rn, r]) => {
      const where = `entity "${name}", relation "${rn}"`;
      const target = own(entities, r.target);
      if (target === undefined) throw schemaError(where, `its target "${r.target}" is not an entity`);
      const inverse = own(own(source.entities, r.target)?.relations, r.inverse);
      if (r.inverse !== undefined && inverse === undefined) throw schemaError(where, `its inverse "${r.inverse}" is not a relation of "${r.target}"`);
      const inverseLocal = inverse && sideAndLocal(inverse, target).localColumns;
      return [rn, expandRelation(rn, r, owner, target, inverseLocal, where)] as const;
    });
    owner.relations = Object.fromEntries(relations);
  }
  const enums = Object.fromEntries(entries(source.enums).map(([name, values]) => [name, { name, values }]));
  const meta: SchemaMeta = { entities, tables: source.tables.map((t) => expandTable(t, entities)), enums };
  checkSchema(meta);
  return meta;
}

function expandColumns(columns: Named<ColumnSource>): ColumnMeta[] {
  return entries(columns).map(([name, c]) => {
    const t = typeof c.type === "string" ? { kind: c.type } : c.type;
    const d: DefaultMeta | undefined = typeof c.default === "string" ? { kind: c.default } : c.default;
    return present({
      name,
      column: c.column ?? name,
      type: present({ kind: t.kind, length: t.length, precision: t.precision, scale: t.scale, enum: t.enum }),
      nullable: c.nullable ?? false,
      primaryKey: c.primaryKey ?? false,
      autoincrement: c.autoincrement ?? defaultAutoincrement(d),
      default: d && (present({ kind: d.kind, value: "value" in d ? d.value : undefined }) as DefaultMeta),
      unique: c.unique ?? false,
    });
  });
}

function sideAndLocal(r: RelationSource, owner: EntityMeta) {
  const foreignKeySide = r.foreignKeySide ?? defaultForeignKeySide(r.kind);
  return { foreignKeySide, localColumns: r.localColumns ?? defaultLocalColumns(foreignKeySide, owner) };
}

function expandRelation(
  name: string,
  r: RelationSource,
  owner: EntityMeta,
  target: EntityMeta,
  inverseLocal: readonly string[] | undefined,
  where: string,
): RelationMeta {
  const { foreignKeySide, localColumns } = sideAndLocal(r, owner);
  if (localColumns === undefined) throw schemaError(where, "it holds the foreign key but names no localColumns");
  const remoteColumns = r.remoteColumns ?? defaultRemoteColumns(foreignKeySide, target, inverseLocal);
  if (remoteColumns === undefined) throw schemaError(where, "it names no remoteColumns and has no inverse to take them from");
  const t = r.through;
  return present({
    name,
    kind: r.kind,
    target: r.target,
    cardinality: r.cardinality ?? defaultCardinality(r.kind, foreignKeySide, localColumns, owner),
    foreignKeySide,
    localColumns,
    remoteColumns,
    through:
      t &&
      present({
        table: t.table,
        entity: t.entity,
        sourceColumns: t.sourceColumns,
        sourceReferences: t.sourceReferences ?? owner.primaryKey,
        targetColumns: t.targetColumns,
        targetReferences: t.targetReferences ?? target.primaryKey,
      }),
    inverse: r.inverse,
    lazy: r.lazy ?? DEFAULT_LAZY,
    cascade: r.cascade ?? DEFAULT_CASCADE,
    orderBy: r.orderBy ?? [],
    passiveDeletes: r.passiveDeletes ?? false,
    viewOnly: r.viewOnly ?? false,
    selfReferential: r.selfReferential ?? r.target === owner.name,
  });
}

function expandTable(t: TableSource, entities: Readonly<Record<string, EntityMeta>>): TableMeta {
  const entity = own(entities, t.entity);
  const label = `table "${t.name ?? t.entity}"`;
  if (t.entity !== undefined && entity === undefined) throw schemaError(label, `its entity "${t.entity}" is not an entity`);
  const name = t.name ?? entity?.table;
  const columns = t.columns ? expandColumns(t.columns) : entity?.columns;
  if (name === undefined || columns === undefined) throw schemaError(label, "it has neither an entity nor its own name and columns");
  const primaryKey = t.primaryKey ?? (t.columns || !entity ? keyOf(columns) : entity.primaryKey);
  return present({
    name,
    entity: t.entity,
    columns,
    primaryKey,
    foreignKeys: (t.foreignKeys ?? []).map((fk) => expandForeignKey(fk, name, columns, entities)),
    keyNames: t.keyNames,
  });
}

function expandForeignKey(
  fk: ForeignKeySource,
  table: string,
  columns: readonly ColumnMeta[],
  entities: Readonly<Record<string, EntityMeta>>,
): ForeignKeyMeta {
  const name = fk.name ?? defaultForeignKeyName(table, fk.columns, columns);
  const target = own(entities, fk.targetEntity);
  const where = `table "${table}", foreign key "${name}"`;
  if (fk.targetEntity !== undefined && target === undefined) throw schemaError(where, `its target "${fk.targetEntity}" is not an entity`);
  const targetTable = fk.targetTable ?? target?.table;
  const targetColumns = fk.targetColumns ?? target?.primaryKey;
  if (targetTable === undefined || targetColumns === undefined) throw schemaError(where, "it names neither a target entity nor a target table and columns");
  return present({
    name,
    columns: fk.columns,
    targetTable,
    targetEntity: fk.targetEntity,
    targetColumns,
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
    deferred: fk.deferred ?? false,
  });
}
