import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  autoincrementNotPrimaryKey, conflictingPrimaryKey, missingPrimaryKey, multipleAutoincrement, nullablePrimaryKey,
} from "../diagnostics/catalog/index.js";
import { resolveForeignKeys } from "./foreign-keys.js";
import type { AttributedModel, AttributeFacts, KeyFacts, PassResult } from "./model.js";

/**
 * Pass 4: every table has a primary key (`@id` fields or `@@id`, not both),
 * autoincrement only on a single-column key; then every `@references`
 * resolves to a unique column of the same type.
 */
export function resolveKeys(attrs: AttributeFacts): PassResult<KeyFacts> {
  const diagnostics: Diagnostic[] = [];
  const primaryKeys = new Map<AttributedModel, readonly string[]>();
  for (const model of attrs.models) {
    const key = primaryKeyOf(model, diagnostics);
    if (key) primaryKeys.set(model, key);
  }
  const foreignKeys = resolveForeignKeys(attrs, primaryKeys, diagnostics);
  return { facts: { ...attrs, primaryKeys, foreignKeys }, diagnostics };
}

function primaryKeyOf(model: AttributedModel, diagnostics: Diagnostic[]): readonly string[] | undefined {
  const idColumns = model.columns.filter((c) => c.id);
  let key: readonly string[] | undefined;
  if (model.blockId && idColumns.length > 0) {
    diagnostics.push(conflictingPrimaryKey(model.blockId.span, model.name, idColumns[0]!.id!));
  } else if (model.blockId) key = model.blockId.fields;
  else if (idColumns.length > 0) key = idColumns.map((c) => c.name);
  else if (!model.blockId) diagnostics.push(missingPrimaryKey(model.decl.name.span, model.isEntity ? "entity" : "table", model.name));

  for (const name of key ?? []) {
    const column = model.columns.find((c) => c.name === name);
    if (column?.nullable) diagnostics.push(nullablePrimaryKey(column.field.type.span, `${model.name}.${name}`));
  }

  let firstAuto: (typeof model.columns)[number] | undefined;
  for (const column of model.columns) {
    if (column.default?.kind !== "autoincrement") continue;
    const label = `${model.name}.${column.name}`;
    if (firstAuto) diagnostics.push(multipleAutoincrement(column.field.span, model.name, column.name, firstAuto.field.span));
    else if (key && (key.length !== 1 || key[0] !== column.name)) diagnostics.push(autoincrementNotPrimaryKey(column.field.span, label));
    firstAuto ??= column;
  }
  return key;
}
