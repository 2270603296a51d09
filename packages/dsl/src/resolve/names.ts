import type { EnumDecl, SchemaFile } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { duplicateDeclaration, duplicateEnumMember, duplicateField, emptyEnum } from "../diagnostics/catalog/index.js";
import type { NameFacts, PassResult, TableLikeDecl } from "./model.js";

/**
 * Pass 1: one namespace for every declaration across all files, unique
 * field names per declaration and unique enum members. Later passes may
 * then look names up without worrying about shadowing.
 */
export function resolveNames(files: readonly SchemaFile[]): PassResult<NameFacts> {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, TableLikeDecl | EnumDecl>();
  const models: TableLikeDecl[] = [];
  const enums: EnumDecl[] = [];

  for (const file of files) {
    for (const decl of file.declarations) {
      const first = byName.get(decl.name.name);
      if (first) {
        diagnostics.push(duplicateDeclaration(decl.name.span, decl.name.name, first.name.span));
        continue;
      }
      byName.set(decl.name.name, decl);
      if (decl.kind === "Enum") {
        enums.push(decl);
        checkEnum(decl, diagnostics);
      } else {
        models.push(decl);
        checkFields(decl, diagnostics);
      }
    }
  }
  return { facts: { files, models, enums, byName }, diagnostics };
}

function checkEnum(decl: EnumDecl, diagnostics: Diagnostic[]): void {
  if (decl.members.length === 0) diagnostics.push(emptyEnum(decl.name.span, decl.name.name));
  const seen = new Map<string, EnumDecl["members"][number]>();
  for (const member of decl.members) {
    const first = seen.get(member.name);
    if (first) diagnostics.push(duplicateEnumMember(member.span, decl.name.name, member.name, first.span));
    else seen.set(member.name, member);
  }
}

function checkFields(decl: TableLikeDecl, diagnostics: Diagnostic[]): void {
  const seen = new Map<string, TableLikeDecl["fields"][number]>();
  for (const field of decl.fields) {
    const first = seen.get(field.name.name);
    if (first) diagnostics.push(duplicateField(field.name.span, decl.name.name, field.name.name, first.name.span));
    else seen.set(field.name.name, field);
  }
}
