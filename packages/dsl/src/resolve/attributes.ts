import type { Attribute } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  duplicateColumnName, duplicateTableName, invalidAttributeArgs, relationInBlockAttribute, unknownFieldInAttribute,
} from "../diagnostics/catalog/index.js";
import { suggest } from "../diagnostics/levenshtein.js";
import { wordList } from "./args.js";
import { admitAttributes } from "./attribute-positions.js";
import { readColumnAttributes } from "./column-attributes.js";
import type { AttributedModel, AttributeFacts, ColumnFacts, ColumnSet, ModelFacts, PassResult, TypeFacts } from "./model.js";
import { entityTableName } from "./naming.js";
import { readRelationAttributes } from "./relation-attributes.js";
import { checkFieldRenames, checkModelRenames, readRename } from "./renames.js";

/**
 * Pass 3: every attribute is known, allowed where it stands and well-formed;
 * defaults match their columns; table and column names are settled and unique.
 */
export function resolveAttributes(types: TypeFacts): PassResult<AttributeFacts> {
  const diagnostics: Diagnostic[] = [];
  const enums = new Map(types.names.enums.map((e) => [e.name.name, e]));
  const models = types.models.map((model) => attributeModel(model, enums, diagnostics));

  const tables = new Map<string, AttributedModel>();
  for (const model of models) {
    const first = tables.get(model.tableName);
    if (first) diagnostics.push(duplicateTableName(model.decl.name.span, model.name, model.tableName, first.name, first.decl.name.span));
    else tables.set(model.tableName, model);
  }
  checkModelRenames(models, diagnostics);
  return { facts: { names: types.names, models, modelByName: new Map(models.map((m) => [m.name, m])) }, diagnostics };
}

function attributeModel(model: ModelFacts, enums: Parameters<typeof readColumnAttributes>[2], diagnostics: Diagnostic[]): AttributedModel {
  const columns = model.scalars.map((s) => readColumnAttributes(model.name, s, enums, diagnostics));
  const relations = model.relations.map((r) => readRelationAttributes(model.name, r, diagnostics));
  checkColumnNames(model.name, columns, diagnostics);
  checkFieldRenames(model.name, columns, diagnostics);

  const where = `${model.isEntity ? "entity" : "table"} \`${model.name}\``;
  const block = admitAttributes(model.decl.blockAttributes, model.isEntity ? "entity" : "table", where, diagnostics);
  const columnSet = (attr: Attribute): ColumnSet | undefined => {
    const words = attr.args.length === 1 && !attr.args[0]!.name ? wordList(attr.args[0]!.value) : undefined;
    if (!words) {
      diagnostics.push(invalidAttributeArgs(attr.span, `@@${attr.name.name}`, where, `@@${attr.name.name}([field1, field2])`));
      return undefined;
    }
    let ok = true;
    for (const w of words) {
      if (columns.some((c) => c.name === w.name)) continue;
      ok = false;
      if (relations.some((r) => r.name === w.name)) diagnostics.push(relationInBlockAttribute(w.span, `@@${attr.name.name}`, model.name, w.name));
      else diagnostics.push(unknownFieldInAttribute(w.span, `@@${attr.name.name}`, model.name, w.name, suggest(w.name, columns.map((c) => c.name))));
    }
    return ok ? { fields: words.map((w) => w.name), span: attr.span } : undefined;
  };

  let declaredTable: string | undefined;
  const table = block.get("table")?.[0];
  if (table) {
    const value = table.args.length === 1 && !table.args[0]!.name ? table.args[0]!.value : undefined;
    if (value?.kind === "String" && value.value.length > 0) declaredTable = value.value;
    else diagnostics.push(invalidAttributeArgs(table.span, "@@table", where, "@@table(\"name\")"));
  }
  const renameAttr = block.get("renamedFrom")?.[0];
  const renamedFrom = renameAttr ? readRename(renameAttr, where, model.name, diagnostics) : undefined;
  const idAttr = block.get("id")?.[0];
  const blockId = idAttr ? columnSet(idAttr) : undefined;

  const single = (pick: (c: ColumnFacts) => ColumnSet["span"] | undefined) =>
    columns.flatMap((c) => { const span = pick(c); return span ? [{ fields: [c.name], span }] : []; });
  const declared = (name: string) => (block.get(name) ?? []).map(columnSet).filter((s): s is ColumnSet => s !== undefined);
  const bySource = (a: ColumnSet, b: ColumnSet) => a.span.start - b.span.start;

  return {
    decl: model.decl,
    name: model.name,
    isEntity: model.isEntity,
    tableName: model.isEntity ? entityTableName(model.name, declaredTable) : model.name,
    columns,
    relations,
    ...(blockId ? { blockId } : {}),
    uniques: [...single((c) => c.unique), ...declared("unique")].sort(bySource),
    indexes: [...single((c) => c.index), ...declared("index")].sort(bySource),
    ...(renamedFrom ? { renamedFrom } : {}),
  };
}

function checkColumnNames(owner: string, columns: readonly ColumnFacts[], diagnostics: Diagnostic[]): void {
  const seen = new Map<string, ColumnFacts>();
  for (const c of columns) {
    const first = seen.get(c.columnName);
    if (first) diagnostics.push(duplicateColumnName(c.field.name.span, owner, c.name, c.columnName, first.name, first.field.name.span));
    else seen.set(c.columnName, c);
  }
}
