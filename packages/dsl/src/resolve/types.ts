import type { FieldDecl, Literal, NumberLiteral } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  invalidDecimalArgs, invalidStringLength, optionalList, relationInTable, scalarList, tableAsFieldType,
  unexpectedTypeArgs, unknownType,
} from "../diagnostics/catalog/index.js";
import { SUGGESTION_BUDGET, suggestWithin } from "../diagnostics/levenshtein.js";
import type { ColumnType, ScalarKind } from "../ir/schema-ir.js";
import { literalText } from "./type-text.js";
import type { ModelFacts, NameFacts, PassResult, RelationField, ScalarField, TypeFacts } from "./model.js";

export const SCALAR_TYPES: readonly ScalarKind[] = [
  "Int", "BigInt", "Float", "Decimal", "String", "Text", "Boolean", "Date", "DateTime", "Json", "Uuid", "Bytes",
];
const SCALARS = new Set<string>(SCALAR_TYPES);

/**
 * Pass 2: every field's type is a scalar, an enum or an entity. A field
 * typed as an entity is a relation; its shape (`T`, `T?`, `T[]`) is its
 * cardinality from this side.
 */
export function resolveTypes(names: NameFacts): PassResult<TypeFacts> {
  const diagnostics: Diagnostic[] = [];
  const models: ModelFacts[] = [];
  const candidates = [...SCALAR_TYPES, ...names.byName.keys()];
  const suggest = suggestWithin({ left: SUGGESTION_BUDGET });

  for (const decl of names.models) {
    const scalars: ScalarField[] = [];
    const relations: RelationField[] = [];
    for (const field of decl.fields) {
      const label = `${decl.name.name}.${field.name.name}`;
      const typeName = field.type.name.name;
      const target = names.byName.get(typeName);
      if (SCALARS.has(typeName) || target?.kind === "Enum") {
        const type = SCALARS.has(typeName) ? scalarType(field, label, diagnostics) : enumType(field, label, diagnostics);
        if (field.type.list) diagnostics.push(scalarList(field.type.span, label, typeName));
        if (type) scalars.push({ kind: "scalar", field, name: field.name.name, type, nullable: field.type.optional });
      } else if (target?.kind === "Entity") {
        if (field.type.args.length > 0) diagnostics.push(unexpectedTypeArgs(field.type.span, label, typeName));
        if (field.type.list && field.type.optional) diagnostics.push(optionalList(field.type.span, label, typeName));
        if (decl.kind === "Table") diagnostics.push(relationInTable(field.span, decl.name.name, field.name.name, typeName));
        const cardinality = field.type.list ? "many" : field.type.optional ? "optional" : "one";
        relations.push({ kind: "relation", field, name: field.name.name, target: typeName, cardinality });
      } else if (target?.kind === "Table") {
        diagnostics.push(tableAsFieldType(field.type.name.span, label, typeName));
      } else {
        diagnostics.push(unknownType(field.type.name.span, label, typeName, suggest(typeName, candidates)));
      }
    }
    models.push({ decl, name: decl.name.name, isEntity: decl.kind === "Entity", scalars, relations });
  }
  return { facts: { names, models, modelByName: new Map(models.map((m) => [m.name, m])) }, diagnostics };
}

function enumType(field: FieldDecl, label: string, diagnostics: Diagnostic[]): ColumnType {
  if (field.type.args.length > 0) diagnostics.push(unexpectedTypeArgs(field.type.span, label, field.type.name.name));
  return { kind: "Enum", enumName: field.type.name.name };
}

function scalarType(field: FieldDecl, label: string, diagnostics: Diagnostic[]): ColumnType | undefined {
  const kind = field.type.name.name as ScalarKind;
  const args = field.type.args;
  if (kind === "String") {
    if (args.length === 0) return { kind };
    const n = args[0];
    if (args.length > 1 || !isPositiveInt(n)) {
      diagnostics.push(invalidStringLength(field.type.span, label, `must be one positive integer, got \`(${args.map(literalText).join(", ")})\``));
      return undefined;
    }
    return { kind, length: n.value };
  }
  if (kind === "Decimal") {
    if (args.length === 0) return { kind };
    const [p, s] = args;
    if (args.length > 2 || !isPositiveInt(p) || (s !== undefined && !isNonNegativeInt(s))) {
      diagnostics.push(invalidDecimalArgs(field.type.span, label, `Decimal takes a precision and a scale, got \`(${args.map(literalText).join(", ")})\``));
      return undefined;
    }
    const scale = s?.kind === "Number" ? s.value : 0;
    if (scale > p.value) {
      diagnostics.push(invalidDecimalArgs(field.type.span, label, `Decimal scale ${scale} is larger than its precision ${p.value}`));
      return undefined;
    }
    return { kind, precision: p.value, scale };
  }
  if (args.length > 0) diagnostics.push(unexpectedTypeArgs(field.type.span, label, kind));
  return { kind };
}

function isPositiveInt(l: Literal | undefined): l is NumberLiteral {
  return l?.kind === "Number" && Number.isInteger(l.value) && l.value > 0;
}

function isNonNegativeInt(l: Literal): boolean {
  return l.kind === "Number" && Number.isInteger(l.value) && l.value >= 0;
}

