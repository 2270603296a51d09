import type { Declaration, SchemaIR } from "@relgen/dsl";
import { MarkupKind, type Hover, type Position } from "vscode-languageserver";
import { spanRange } from "../../protocol/ranges.js";
import type { SymbolRef } from "../../symbols/symbol.js";
import type { SymbolTable } from "../../symbols/table.js";
import type { Workspace } from "../../workspace/workspace.js";
import { locate } from "../locate.js";
import { describeColumn, describeEntity, describeRelation, describeTable, entity, tableOf } from "./describe-ir.js";

/**
 * What the compiler resolved for the name under the cursor (a relation's
 * kind, foreign key, inverse, loading and cascades; a column's type and keys),
 * then its `///` docs. While the schema has errors, the last resolved schema
 * answers, and says so.
 */
export function hover(workspace: Workspace, file: string, position: Position): Hover | null {
  const found = locate(workspace, file, position, true);
  if (!found) return null;
  const resolved = workspace.ir(found.unit);
  const ref = found.occurrence.ref;
  const resolvedFacts = resolved && fromIr(resolved.ir, ref);
  const facts = resolvedFacts ?? fromSyntax(found.symbols, ref);
  if (facts.length === 0) return null;
  const doc = docOf(found.symbols, ref);
  const parts = [facts.join("\n")];
  if (resolved?.stale && resolvedFacts) parts.push("_(from the last build without errors)_");
  if (doc) parts.push(doc);
  return { contents: { kind: MarkupKind.Markdown, value: parts.join("\n\n") }, range: spanRange(workspace, found.occurrence.span) };
}

function fromIr(ir: SchemaIR, ref: SymbolRef): string[] | undefined {
  if (ref.kind === "declaration") {
    const e = entity(ir, ref.name);
    if (e) return describeEntity(ir, e);
    const t = tableOf(ir, ref.name);
    if (t) return describeTable(t);
    const en = ir.enums.find((x) => x.name === ref.name);
    return en && [`**enum** \`${en.name}\`: ${en.values.map((v) => `\`${v}\``).join(" | ")}`];
  }
  if (ref.kind === "member") return [`**enum member** \`${ref.owner}.${ref.name}\``];
  const owner = entity(ir, ref.owner);
  const rel = owner?.relations.find((r) => r.name === ref.name);
  if (owner && rel) return describeRelation(ir, owner, rel);
  const table = tableOf(ir, ref.owner);
  const column = table?.columns.find((c) => c.name === ref.name);
  return table && column ? describeColumn(ir, table, column) : undefined;
}

/** Never resolved (the schema had errors since the server started): what the text itself says. */
function fromSyntax(symbols: SymbolTable, ref: SymbolRef): string[] {
  if (ref.kind === "declaration") {
    const decl = symbols.declarations.get(ref.name);
    return decl ? [`**${keyword(decl)}** \`${ref.name}\``] : [];
  }
  if (ref.kind === "member") return [`**enum member** \`${ref.owner}.${ref.name}\``];
  const field = symbols.fieldsOf(ref.owner).get(ref.name);
  if (!field) return [];
  if (field.origin === "backref") return [`**relation** \`${ref.owner}.${ref.name}\`, created by the \`@backref\` of \`${field.creator.owner.name.name}.${field.creator.field.name.name}\``];
  const t = field.field.type;
  return [`**field** \`${ref.owner}.${ref.name}\`: \`${t.name.name}${t.list ? "[]" : ""}${t.optional ? "?" : ""}\``];
}

function keyword(decl: Declaration): string {
  return decl.kind === "Entity" ? "entity" : decl.kind === "Table" ? "table" : "enum";
}

function docOf(symbols: SymbolTable, ref: SymbolRef): string | undefined {
  if (ref.kind === "declaration") return symbols.declarations.get(ref.name)?.doc;
  if (ref.kind === "member") return undefined;
  const field = symbols.fieldsOf(ref.owner).get(ref.name);
  return field?.origin === "declared" ? field.field.doc : undefined;
}
