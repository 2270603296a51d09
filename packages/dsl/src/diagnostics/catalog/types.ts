// E04xx: field types.
import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { error } from "./make.js";

export function unknownType(span: Span, field: string, typeName: string, suggestion?: string): Diagnostic {
  return error("E0401", span, `\`${field}\` has unknown type \`${typeName}\``,
    suggestion
      ? `did you mean \`${suggestion}\`?`
      : `use a scalar type (Int, String, DateTime, ...), or declare \`entity ${typeName} { ... }\` or \`enum ${typeName} { ... }\``);
}

export function tableAsFieldType(span: Span, field: string, table: string): Diagnostic {
  return error("E0402", span, `\`${field}\` uses the association table \`${table}\` as its type; a table has no class to point at`,
    `use a collection of the entity on the other side with \`@through(${table})\`, e.g. \`items Other[] @through(${table})\``);
}

export function relationInTable(span: Span, table: string, field: string, target: string): Diagnostic {
  return error("E0403", span, `\`${table}.${field}\` is a relation, but \`table\` declarations hold only columns`,
    `use a column such as \`${lowerFirst(target)}Id Int @references(${target})\`, or declare \`${table}\` as an \`entity\``);
}

export function invalidStringLength(span: Span, field: string, detail: string): Diagnostic {
  return error("E0404", span, `\`${field}\`: String length ${detail}`, `write a positive integer length, e.g. \`String(255)\`, or plain \`String\``);
}

export function invalidDecimalArgs(span: Span, field: string, detail: string): Diagnostic {
  return error("E0405", span, `\`${field}\`: ${detail}`, `write \`Decimal(p, s)\` with integers 1 <= p and 0 <= s <= p, e.g. \`Decimal(10, 2)\``);
}

export function unexpectedTypeArgs(span: Span, field: string, typeName: string): Diagnostic {
  return error("E0406", span, `\`${field}\`: type \`${typeName}\` takes no arguments`, `remove the parentheses: \`${typeName}\``);
}

export function scalarList(span: Span, field: string, typeName: string): Diagnostic {
  return error("E0407", span, `\`${field}\`: \`${typeName}[]\` is a list of scalars; array columns are not supported`,
    `store the list as \`Json\`, or make a separate entity with a \`@references\` back to this one`);
}

export function optionalList(span: Span, field: string, typeName: string): Diagnostic {
  return error("E0408", span, `\`${field}\`: a collection cannot be optional (\`${typeName}[]?\`); an empty list already means none`,
    `write \`${typeName}[]\``);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
