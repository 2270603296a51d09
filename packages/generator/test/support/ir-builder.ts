import type {
  ColumnIR,
  ColumnType,
  DefaultValue,
  EntityIR,
  EnumIR,
  ForeignKeyIR,
  IndexIR,
  RelationIR,
  SchemaIR,
  Span,
  TableIR,
  UniqueIR,
} from "@relgen/dsl";

/** Hand-built IR for generator tests: the IR is plain data, no parser needed. */
export const span: Span = { file: "schema.rel", start: 0, end: 0, line: 1, column: 1 };

export interface ColumnOptions {
  readonly nullable?: boolean;
  readonly id?: boolean;
  readonly autoincrement?: boolean;
  readonly default?: DefaultValue;
  readonly unique?: boolean;
  readonly columnName?: string;
  readonly doc?: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly enumName?: string;
}

export function column(name: string, kind: ColumnType["kind"], o: ColumnOptions = {}): ColumnIR {
  const type: ColumnType = {
    kind,
    ...(o.length !== undefined ? { length: o.length } : {}),
    ...(o.precision !== undefined ? { precision: o.precision, scale: o.scale ?? 0 } : {}),
    ...(o.enumName !== undefined ? { enumName: o.enumName } : {}),
  };
  return {
    name,
    columnName: o.columnName ?? name,
    type,
    nullable: o.nullable ?? false,
    primaryKey: o.id ?? false,
    autoincrement: o.autoincrement ?? false,
    ...(o.default !== undefined ? { default: o.default } : {}),
    unique: o.unique ?? false,
    ...(o.doc !== undefined ? { doc: o.doc } : {}),
    span,
  };
}

/** `id Int @id @default(autoincrement())` */
export function serialId(name = "id"): ColumnIR {
  return column(name, "Int", { id: true, autoincrement: true, default: { kind: "autoincrement" } });
}

export function fk(
  name: string,
  columns: string[],
  targetTable: string,
  o: Partial<Pick<ForeignKeyIR, "targetEntity" | "onDelete" | "onUpdate" | "deferred">> & {
    targetColumns?: string[];
  } = {},
): ForeignKeyIR {
  return {
    name,
    columns,
    targetTable,
    ...(o.targetEntity !== undefined ? { targetEntity: o.targetEntity } : {}),
    targetColumns: o.targetColumns ?? ["id"],
    ...(o.onDelete !== undefined ? { onDelete: o.onDelete } : {}),
    ...(o.onUpdate !== undefined ? { onUpdate: o.onUpdate } : {}),
    deferred: o.deferred ?? false,
    span,
  };
}

export function relation(
  name: string,
  kind: RelationIR["kind"],
  target: string,
  o: Partial<Omit<RelationIR, "name" | "kind" | "target">> = {},
): RelationIR {
  const cardinality = o.cardinality ?? (kind === "one-to-many" || kind === "many-to-many" ? "many" : "one");
  const foreignKeySide =
    o.foreignKeySide ?? (kind === "many-to-one" ? "self" : kind === "many-to-many" ? "through" : "target");
  return {
    name,
    kind,
    target,
    cardinality,
    foreignKeySide,
    localColumns: o.localColumns ?? ["id"],
    remoteColumns: o.remoteColumns ?? ["id"],
    fromBackref: false,
    lazy: "select",
    cascade: ["save-update", "merge"],
    orderBy: [],
    passiveDeletes: false,
    selfReferential: false,
    viewOnly: false,
    span,
    ...o,
  };
}

export interface EntitySpec {
  readonly name: string;
  readonly table?: string;
  readonly doc?: string;
  readonly columns: readonly ColumnIR[];
  readonly primaryKey?: readonly string[];
  readonly relations?: readonly RelationIR[];
  readonly uniques?: readonly UniqueIR[];
  readonly indexes?: readonly IndexIR[];
  readonly foreignKeys?: readonly ForeignKeyIR[];
}

/** An entity and its table, sharing the same column objects as the resolver's IR does. */
export function entity(spec: EntitySpec): { entity: EntityIR; table: TableIR } {
  const tableName = spec.table ?? snake(spec.name);
  const primaryKey = spec.primaryKey ?? spec.columns.filter((c) => c.primaryKey).map((c) => c.name);
  return {
    entity: {
      name: spec.name,
      tableName,
      ...(spec.doc !== undefined ? { doc: spec.doc } : {}),
      columns: spec.columns,
      primaryKey,
      relations: spec.relations ?? [],
      span,
    },
    table: table({ ...spec, name: tableName, entity: spec.name, primaryKey }),
  };
}

export function table(spec: Omit<EntitySpec, "relations" | "table"> & { entity?: string }): TableIR {
  const primaryKey = spec.primaryKey ?? spec.columns.filter((c) => c.primaryKey).map((c) => c.name);
  return {
    name: spec.name,
    ...(spec.entity !== undefined ? { entity: spec.entity } : {}),
    ...(spec.doc !== undefined ? { doc: spec.doc } : {}),
    columns: spec.columns,
    primaryKeyName: `${spec.name}_pkey`,
    primaryKey,
    uniques: spec.uniques ?? [],
    indexes: spec.indexes ?? [],
    foreignKeys: spec.foreignKeys ?? [],
    span,
  };
}

export function enumIR(name: string, values: string[], doc?: string): EnumIR {
  return { name, values, ...(doc !== undefined ? { doc } : {}), span };
}

export function schema(parts: {
  entities: ReadonlyArray<{ entity: EntityIR; table: TableIR }>;
  tables?: readonly TableIR[];
  /** Table order when it differs from entities-then-tables. */
  order?: readonly string[];
  enums?: readonly EnumIR[];
}): SchemaIR {
  const all = [...parts.entities.map((e) => e.table), ...(parts.tables ?? [])];
  const tables = parts.order
    ? parts.order.map((n) => {
        const t = all.find((x) => x.name === n);
        if (!t) throw new Error(`no table ${n}`);
        return t;
      })
    : all;
  return {
    entities: parts.entities.map((e) => e.entity),
    tables,
    enums: parts.enums ?? [],
    files: ["/abs/path/schema.rel"],
  };
}

function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
