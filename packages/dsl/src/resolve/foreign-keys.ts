import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  referenceTypeMismatch, referencesCompositeKey, referencesNotUnique, referencesRelationField, referencesUnknownEntity,
  referencesUnknownField,
} from "../diagnostics/catalog/index.js";
import { suggest, SUGGESTION_BUDGET, suggestWithin } from "../diagnostics/levenshtein.js";
import type { ColumnType } from "../ir/schema-ir.js";
import type { AttributedModel, AttributeFacts, ColumnFacts, ForeignKeyFact } from "./model.js";
import { typeText } from "./type-text.js";

/** Resolves every `@references` to the column it points at, in declaration order. */
export function resolveForeignKeys(
  attrs: AttributeFacts, primaryKeys: ReadonlyMap<AttributedModel, readonly string[]>, diagnostics: Diagnostic[],
): ForeignKeyFact[] {
  const out: ForeignKeyFact[] = [];
  const suggestEntity = suggestWithin({ left: SUGGESTION_BUDGET });
  const entityNames = [...attrs.modelByName.keys()];
  for (const owner of attrs.models) {
    for (const column of owner.columns) {
      const ref = column.references;
      if (!ref) continue;
      const label = `${owner.name}.${column.name}`;
      const target = attrs.modelByName.get(ref.entity);
      if (!target) {
        const isEnum = attrs.names.byName.get(ref.entity)?.kind === "Enum";
        diagnostics.push(referencesUnknownEntity(ref.span, label, ref.entity, isEnum ? undefined : suggestEntity(ref.entity, entityNames), isEnum));
        continue;
      }
      let targetColumn: ColumnFacts | undefined;
      if (ref.field === undefined) {
        const key = primaryKeys.get(target);
        if (!key) continue; // reported as a missing key already
        if (key.length !== 1) {
          diagnostics.push(referencesCompositeKey(ref.span, label, target.name, key));
          continue;
        }
        targetColumn = target.columns.find((c) => c.name === key[0]);
      } else {
        targetColumn = target.columns.find((c) => c.name === ref.field);
        if (!targetColumn) {
          if (target.relations.some((r) => r.name === ref.field)) diagnostics.push(referencesRelationField(ref.span, label, `${target.name}.${ref.field}`));
          else diagnostics.push(referencesUnknownField(ref.span, label, target.name, ref.field, suggest(ref.field, target.columns.map((c) => c.name))));
          continue;
        }
        const key = primaryKeys.get(target);
        const isKey = key?.length === 1 && key[0] === ref.field;
        const isUnique = target.uniques.some((u) => u.fields.length === 1 && u.fields[0] === ref.field);
        if (!isKey && !isUnique) {
          diagnostics.push(referencesNotUnique(ref.span, label, target.name, ref.field));
          continue;
        }
      }
      if (!targetColumn) continue;
      if (!sameType(column.type, targetColumn.type)) {
        diagnostics.push(referenceTypeMismatch(column.field.type.span, label, typeText(column.field.type, false),
          `${target.name}.${targetColumn.name}`, typeText(targetColumn.field.type, false)));
        continue;
      }
      out.push({ owner, column, target, targetColumn });
    }
  }
  return out;
}

/** String lengths and decimal precision may differ; the kind (and enum) must not. */
function sameType(a: ColumnType, b: ColumnType): boolean {
  return a.kind === b.kind && a.enumName === b.enumName;
}
