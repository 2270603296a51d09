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

export function generatedNameClash(span: Span, decl: string, generated: string, what: string, first: Span | undefined): Diagnostic {
  return error("E0307", span, `\`${decl}\` would generate the TypeScript name \`${generated}\`, which ${what}`,
    `rename \`${decl}\``, first ? [{ message: `\`${generated}\` comes from here`, span: first }] : []);
}

export function reservedName(span: Span, decl: string, why: string): Diagnostic {
  return error("E0308", span, `\`${decl}\` cannot be the name of a generated class or type: ${why}`,
    `rename \`${decl}\` (its table can keep any name with \`@@table("...")\`)`);
}

export function fileNameClash(span: Span, decl: string, file: string, firstDecl: string, first: Span): Diagnostic {
  return error("E0309", span, `\`${decl}\` and \`${firstDecl}\` would both be written to \`${file}\` (file names are compared ignoring case, as on macOS and Windows)`,
    `rename \`${decl}\` so its name differs from \`${firstDecl}\` by more than case`,
    [{ message: `\`${firstDecl}\` is declared here`, span: first }]);
}

export function nameCaseClash(span: Span, what: string, name: string, firstName: string, engines: string, help: string, first: Span): Diagnostic {
  return error("E0310", span, `${what} "${name}" and "${firstName}" differ only in case, which ${engines} treat as the same name`,
    help, [{ message: `"${firstName}" is declared here`, span: first }]);
}

export function tableNamedLikeEnum(span: Span, decl: string, table: string, first: Span): Diagnostic {
  return error("E0310", span, `the table "${table}" of \`${decl}\` has the name of the enum \`${table}\`; on PostgreSQL a table's row type and the enum types share one namespace`,
    `give \`${decl}\` another table name with \`@@table("...")\`, or rename the enum`, [{ message: `enum \`${table}\` is declared here`, span: first }]);
}

export function enumMemberCaseClash(span: Span, enumName: string, member: string, firstMember: string, first: Span): Diagnostic {
  return error("E0311", span, `enum \`${enumName}\` lists \`${member}\` and \`${firstMember}\`, which differ only in case; a MySQL/MariaDB ENUM compares its values ignoring case and refuses the pair`,
    `rename \`${member}\``, [{ message: `\`${firstMember}\` is here`, span: first }]);
}

export function identifierTooLong(span: Span, what: string, name: string, limits: string, help: string): Diagnostic {
  return error("E0312", span, `${what} "${name}" is too long: ${limits}`, help);
}

export function typeBeyondEngineLimit(span: Span, field: string, type: string, limit: string, help: string): Diagnostic {
  return error("E0313", span, `\`${field}\` is \`${type}\`, which ${limit}`, help);
}

export function reservedFieldName(span: Span, entity: string, field: string): Diagnostic {
  return error("E0314", span, `\`${entity}.${field}\` cannot be a field of the generated class: \`${field}\` is the class's own constructor in TypeScript`,
    `rename the field, and keep the column's name with \`@column("${field}")\``);
}
