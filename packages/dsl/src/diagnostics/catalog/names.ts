// E03xx: declaration, field, table and column names.
import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { error } from "./make.js";

export function duplicateDeclaration(span: Span, name: string, first: Span): Diagnostic {
  return error("E0301", span, `\`${name}\` is declared more than once`,
    `rename one of them; entities, tables and enums share one namespace across all imported files`,
    [{ message: `\`${name}\` is first declared here`, span: first }]);
}

export function duplicateField(span: Span, owner: string, field: string, first: Span): Diagnostic {
  return error("E0302", span, `\`${owner}.${field}\` is declared more than once`,
    `rename or remove the second \`${field}\``, [{ message: `first \`${field}\` is here`, span: first }]);
}

export function duplicateEnumMember(span: Span, enumName: string, member: string, first: Span): Diagnostic {
  return error("E0303", span, `enum \`${enumName}\` lists \`${member}\` more than once`,
    `remove the second \`${member}\``, [{ message: `first \`${member}\` is here`, span: first }]);
}

export function duplicateTableName(span: Span, decl: string, table: string, firstDecl: string, first: Span): Diagnostic {
  return error("E0304", span, `\`${decl}\` and \`${firstDecl}\` both use the table name "${table}"`,
    `give \`${decl}\` its own name with \`@@table("...")\``, [{ message: `\`${firstDecl}\` is declared here`, span: first }]);
}

export function duplicateColumnName(span: Span, owner: string, field: string, column: string, firstField: string, first: Span): Diagnostic {
  return error("E0305", span, `\`${owner}.${field}\` and \`${owner}.${firstField}\` both map to the column "${column}"`,
    `give \`${field}\` a different \`@column("...")\``, [{ message: `\`${firstField}\` is declared here`, span: first }]);
}

export function emptyEnum(span: Span, enumName: string): Diagnostic {
  return error("E0306", span, `enum \`${enumName}\` has no members`,
    `list at least one member, e.g. \`enum ${enumName} { Active Inactive }\``);
}
