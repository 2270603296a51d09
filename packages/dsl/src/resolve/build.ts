import type {
  ColumnIR, EntityIR, EnumIR, ForeignKeyIR, IndexIR, OrderByIR, RelationIR, SchemaIR, TableIR, UniqueIR,
} from "../ir/schema-ir.js";
import type { AttributedModel, ForeignKeyFact, ResolvedRelation, RuleFacts } from "./model.js";
import { NameLists } from "./name-lists.js";
import { constraintName, NameRegistry } from "./naming.js";
import type { Span } from "../source/span.js";

/**
 * The IR gets its own span objects: freezing it must not freeze the AST.
 * Written as a literal, not `{ ...span }`: V8 gives a spread copy a map of
 * its own outside the usual transitions, so freezing then made a new map for
 * every span (~300 bytes each, 40 MB of a 10,000-entity IR); literals share one.
 */
const copy = (span: Span): Span => ({ file: span.file, start: span.start, end: span.end, line: span.line, column: span.column });

/**
 * Pass 7: assemble the IR from the facts. Every database name comes from
 * naming.ts; names are claimed in declaration order so clashes resolve the
 * same way on every run.
 */
export function buildIR(facts: RuleFacts): SchemaIR {
  const registry = new NameRegistry();
  const lists = new NameLists();
  const tables = new Map<AttributedModel, TableIR>();
  const fkNames = new Map<ForeignKeyFact, string>();
  // grouped once: filtering every key per table made building quadratic in the table count
  const keysByOwner = new Map<AttributedModel, ForeignKeyFact[]>();
  for (const fk of facts.foreignKeys) {
    const own = keysByOwner.get(fk.owner);
    if (own) own.push(fk);
    else keysByOwner.set(fk.owner, [fk]);
  }
  for (const model of facts.models) {
    tables.set(model, buildTable(model, facts, registry, lists, fkNames, keysByOwner.get(model) ?? []));
  }

  const entities: EntityIR[] = facts.models.filter((m) => m.isEntity).map((model) => {
    const table = tables.get(model)!;
    return {
      name: model.name,
      tableName: model.tableName,
      ...(model.decl.doc !== undefined ? { doc: model.decl.doc } : {}),
      columns: table.columns,
      primaryKey: table.primaryKey,
      relations: (facts.relations.get(model) ?? []).map((r) => buildRelation(r, fkNames, lists)),
      span: copy(model.decl.span),
    };
  });

  const enums: EnumIR[] = facts.names.enums.map((e) => ({
    name: e.name.name,
    values: e.members.map((m) => m.name),
    ...(e.doc !== undefined ? { doc: e.doc } : {}),
    span: copy(e.span),
  }));

  return {
    entities,
    tables: facts.tableOrder.map((m) => tables.get(m)!),
    enums,
    files: facts.names.files.map((f) => f.path),
  };
}

function buildTable(
  model: AttributedModel, facts: RuleFacts, registry: NameRegistry, lists: NameLists, fkNames: Map<ForeignKeyFact, string>,
  ownKeys: readonly ForeignKeyFact[],
): TableIR {
  const primaryKey = lists.of(facts.primaryKeys.get(model) ?? []);
  const columns: ColumnIR[] = model.columns.map((c) => ({
    name: c.name,
    columnName: c.columnName,
    type: c.type,
    nullable: c.nullable,
    primaryKey: primaryKey.includes(c.name),
    autoincrement: c.default?.kind === "autoincrement",
    ...(c.default ? { default: c.default } : {}),
    unique: c.unique !== undefined,
    ...(c.renamedFrom ? { renamedFrom: c.renamedFrom.name } : {}),
    ...(c.field.doc !== undefined ? { doc: c.field.doc } : {}),
    span: copy(c.field.span),
  }));
  const byName = new Map(columns.map((c) => [c.name, c.columnName]));
  const dbNames = (fields: readonly string[]) => fields.map((f) => byName.get(f) ?? f);
  const table = model.tableName;

  const primaryKeyName = registry.claim(constraintName.primaryKey(table));
  const uniques: UniqueIR[] = model.uniques.map((u) => ({
    name: registry.claim(constraintName.unique(table, dbNames(u.fields))), columns: lists.of(u.fields),
  }));
  const indexes: IndexIR[] = model.indexes.map((i) => ({
    name: registry.claim(constraintName.index(table, dbNames(i.fields))), columns: lists.of(i.fields), origin: "declared" as const,
  }));

  const foreignKeys: ForeignKeyIR[] = ownKeys.map((fk) => {
    const name = registry.claim(constraintName.foreignKey(table, dbNames([fk.column.name])));
    fkNames.set(fk, name);
    return {
      name,
      columns: lists.of([fk.column.name]),
      targetTable: fk.target.tableName,
      ...(fk.target.isEntity ? { targetEntity: fk.target.name } : {}),
      targetColumns: lists.of([fk.targetColumn.name]),
      ...(fk.column.onDelete ? { onDelete: fk.column.onDelete } : {}),
      ...(fk.column.onUpdate ? { onUpdate: fk.column.onUpdate } : {}),
      deferred: facts.deferred.has(fk),
      span: copy(fk.column.references?.span ?? fk.column.field.span),
    };
  });

  // a foreign key without an index starting with its column makes every join and cascade a scan
  const leads = [primaryKey, ...uniques.map((u) => u.columns), ...indexes.map((i) => i.columns)].map((cols) => cols[0]);
  for (const fk of ownKeys) {
    const col = fk.column.name;
    if (leads.includes(col)) continue;
    leads.push(col);
    indexes.push({ name: registry.claim(constraintName.index(table, dbNames([col]))), columns: lists.of([col]), origin: "foreign-key" });
  }

  return {
    name: table,
    ...(model.isEntity ? { entity: model.name } : {}),
    columns,
    primaryKeyName,
    primaryKey,
    uniques,
    indexes,
    foreignKeys,
    ...(model.renamedFrom ? { renamedFrom: model.renamedFrom.name } : {}),
    ...(model.decl.doc !== undefined ? { doc: model.decl.doc } : {}),
    span: copy(model.decl.span),
  };
}

const NO_ORDER: readonly OrderByIR[] = [];

function buildRelation(r: ResolvedRelation, fkNames: ReadonlyMap<ForeignKeyFact, string>, lists: NameLists): RelationIR {
  const fk = r.foreignKey;
  let localColumns: readonly string[] = [];
  let remoteColumns: readonly string[] = [];
  if (r.foreignKeySide === "self" && fk) {
    localColumns = [fk.column.name];
    remoteColumns = [fk.targetColumn.name];
  } else if (r.foreignKeySide === "target" && fk) {
    localColumns = [fk.targetColumn.name];
    remoteColumns = [fk.column.name];
  } else if (r.through) {
    localColumns = [r.through.source.targetColumn.name];
    remoteColumns = [r.through.target.targetColumn.name];
  }
  const t = r.through;
  return {
    name: r.name,
    kind: r.kind,
    target: r.target.name,
    cardinality: r.cardinality,
    foreignKeySide: r.foreignKeySide,
    localColumns: lists.of(localColumns),
    remoteColumns: lists.of(remoteColumns),
    ...(fk ? { foreignKey: fkNames.get(fk)! } : {}),
    ...(t
      ? {
          through: {
            table: t.model.tableName,
            ...(t.model.isEntity ? { entity: t.model.name } : {}),
            sourceColumns: lists.of([t.source.column.name]),
            sourceReferences: lists.of([t.source.targetColumn.name]),
            targetColumns: lists.of([t.target.column.name]),
            targetReferences: lists.of([t.target.targetColumn.name]),
          },
        }
      : {}),
    ...(r.inverse !== undefined ? { inverse: r.inverse } : {}),
    fromBackref: r.fromBackref,
    lazy: r.lazy,
    cascade: lists.of(r.cascade),
    orderBy: r.orderBy.length === 0 ? NO_ORDER : r.orderBy,
    passiveDeletes: r.passiveDeletes,
    selfReferential: r.owner === r.target,
    viewOnly: r.viewOnly,
    ...(r.doc !== undefined ? { doc: r.doc } : {}),
    span: copy(r.span),
  };
}
