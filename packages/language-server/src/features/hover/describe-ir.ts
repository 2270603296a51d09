import type { ColumnIR, EntityIR, ForeignKeyIR, RelationIR, SchemaIR, TableIR } from "@relgen/dsl";

/** Markdown lines for what the resolver decided about a name; the IR is the only source, nothing is inferred here. */

export function describeRelation(ir: SchemaIR, owner: EntityIR, rel: RelationIR): string[] {
  const lines = [`**relation** \`${owner.name}.${rel.name}\`: ${rel.kind}, ${cardinality(rel)} \`${rel.target}\``];
  lines.push(`- foreign key: ${foreignKeyText(ir, owner, rel)}`);
  if (rel.inverse) lines.push(`- inverse: \`${rel.target}.${rel.inverse}\`${rel.fromBackref ? "" : inverseOrigin(ir, rel)}`);
  if (rel.fromBackref) lines.push(`- created by the \`@backref\` of \`${rel.target}.${rel.inverse ?? "?"}\``);
  lines.push(`- loading: \`${rel.lazy}\``);
  lines.push(`- cascade: ${rel.cascade.length ? rel.cascade.map((c) => `\`${c}\``).join(", ") : "none"}${rel.passiveDeletes ? " (passive deletes: the database deletes the children)" : ""}`);
  if (rel.orderBy.length) lines.push(`- ordered by: ${rel.orderBy.map((o) => `\`${o.field} ${o.direction}\``).join(", ")}`);
  if (rel.viewOnly) lines.push(`- reads through the association entity \`${rel.through?.entity}\`; writes go through it`);
  if (rel.selfReferential) lines.push("- self-referential");
  return lines;
}

function cardinality(rel: RelationIR): string {
  return rel.cardinality === "many" ? "a collection of" : rel.cardinality === "optional" ? "zero or one" : "exactly one";
}

function inverseOrigin(ir: SchemaIR, rel: RelationIR): string {
  const other = entity(ir, rel.target)?.relations.find((r) => r.name === rel.inverse);
  return other?.fromBackref ? " (created by this relation's `@backref`)" : "";
}

function foreignKeyText(ir: SchemaIR, owner: EntityIR, rel: RelationIR): string {
  if (rel.through) {
    const t = rel.through;
    const pairs = (cols: readonly string[], refs: readonly string[], side: string) => cols.map((c, i) => `\`${t.table}.${c}\` → \`${side}.${refs[i]}\``).join(", ");
    return `through ${t.entity ? `the association entity \`${t.entity}\`` : `the table \`${t.table}\``}: ${pairs(t.sourceColumns, t.sourceReferences, owner.name)}; ${pairs(t.targetColumns, t.targetReferences, rel.target)}`;
  }
  const [holder, from, to, toEntity] = rel.foreignKeySide === "self"
    ? [owner.name, rel.localColumns, rel.remoteColumns, rel.target]
    : [rel.target, rel.remoteColumns, rel.localColumns, owner.name];
  const cols = from.map((c, i) => `\`${holder}.${c}\` → \`${toEntity}.${to[i]}\``).join(", ");
  const fk = rel.foreignKey ? tableOf(ir, holder)?.foreignKeys.find((f) => f.name === rel.foreignKey) : undefined;
  return `${cols} (on \`${holder}\`${fk ? `, constraint \`${fk.name}\`${actions(fk)}` : ""})`;
}

function actions(fk: ForeignKeyIR): string {
  return `${fk.onDelete ? `, on delete ${fk.onDelete}` : ""}${fk.onUpdate ? `, on update ${fk.onUpdate}` : ""}`;
}

export function describeColumn(ir: SchemaIR, table: TableIR, column: ColumnIR): string[] {
  const type = column.type.kind === "Enum" ? column.type.enumName : column.type.kind;
  const size = column.type.length !== undefined ? `(${column.type.length})` : column.type.precision !== undefined ? `(${column.type.precision}, ${column.type.scale ?? 0})` : "";
  const lines = [`**column** \`${table.entity ?? table.name}.${column.name}\`: \`${type}${size}${column.nullable ? "?" : ""}\` → \`${table.name}.${column.columnName}\``];
  const facts = [column.primaryKey ? "primary key" : "", column.autoincrement ? "autoincrement" : "", column.unique ? "unique" : "", column.nullable ? "nullable" : "NOT NULL"].filter(Boolean);
  lines.push(`- ${facts.join(", ")}`);
  for (const fk of table.foreignKeys.filter((f) => f.columns.includes(column.name))) {
    const target = fk.targetEntity ?? fk.targetTable;
    lines.push(`- foreign key \`${fk.name}\` → \`${target}.${fk.targetColumns[fk.columns.indexOf(column.name)]}\`${actions(fk)}`);
  }
  return lines;
}

export function describeEntity(ir: SchemaIR, e: EntityIR): string[] {
  const lines = [`**entity** \`${e.name}\` → table \`${e.tableName}\``, `- primary key: ${e.primaryKey.map((k) => `\`${k}\``).join(", ")}`];
  if (e.relations.length) lines.push(`- relations: ${e.relations.map((r) => `\`${r.name}\` (${r.kind} \`${r.target}\`)`).join(", ")}`);
  return lines;
}

export function describeTable(t: TableIR): string[] {
  return [`**table** \`${t.name}\` (association table, no class)`, `- primary key: ${t.primaryKey.map((k) => `\`${k}\``).join(", ")}`,
    ...t.foreignKeys.map((fk) => `- \`${fk.columns.join(", ")}\` → \`${fk.targetEntity ?? fk.targetTable}.${fk.targetColumns.join(", ")}\`${actions(fk)}`)];
}

export function entity(ir: SchemaIR, name: string): EntityIR | undefined {
  return ir.entities.find((e) => e.name === name);
}

export function tableOf(ir: SchemaIR, declName: string): TableIR | undefined {
  const e = entity(ir, declName);
  return ir.tables.find((t) => (e ? t.entity === e.name : t.entity === undefined && t.name === declName));
}
