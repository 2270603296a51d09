import {
  attributesAllowedAt, CASCADE_WORDS, COLUMN_ATTRIBUTE_FORMS, LOAD_STRATEGIES, REFERENTIAL_ACTIONS, RELATION_ATTRIBUTE_FORMS,
  RELATION_ATTRIBUTE_OPTIONS, SCALAR_TYPES, type Declaration,
} from "@relgen/dsl";
import { CompletionItemKind, type CompletionItem, type Position, type Range } from "vscode-languageserver";
import type { SymbolTable } from "../../symbols/table.js";
import type { Workspace } from "../../workspace/workspace.js";
import { cursorContext, type CursorContext } from "./context.js";

interface Candidate {
  readonly label: string;
  readonly kind: CompletionItemKind;
  readonly detail?: string;
}

/**
 * Completion from the language's own tables (@relgen/dsl's attribute,
 * strategy, cascade and action lists) and the names the schema declares,
 * across its imports.
 */
export function complete(workspace: Workspace, file: string, position: Position): CompletionItem[] {
  const doc = workspace.openDocument(file);
  const unit = workspace.unitOf(file);
  if (!doc || !unit) return [];
  const offset = doc.offsetAt(position);
  const cursor = cursorContext(doc.getText(), offset);
  const range: Range = { start: doc.positionAt(cursor.wordStart), end: position };
  return candidates(cursor.context, workspace.parsedSymbols(unit)).map((c, i) => ({
    label: c.label,
    kind: c.kind,
    ...(c.detail ? { detail: c.detail } : {}),
    // the order given here is the order of the tables, not the alphabet
    sortText: String(i).padStart(4, "0"),
    textEdit: { range, newText: c.label },
  }));
}

function candidates(context: CursorContext, symbols: SymbolTable): Candidate[] {
  switch (context.kind) {
    case "top-level":
      return ["entity", "table", "enum", "import"].map((k) => ({ label: k, kind: CompletionItemKind.Keyword }));
    case "type":
      return [
        ...SCALAR_TYPES.map((t) => ({ label: t, kind: CompletionItemKind.TypeParameter, detail: "scalar type" })),
        ...declarations(symbols, "Entity").map((d) => ({ label: d.name.name, kind: CompletionItemKind.Class, detail: "entity (a relation)" })),
        ...declarations(symbols, "Enum").map((d) => ({ label: d.name.name, kind: CompletionItemKind.Enum, detail: "enum" })),
      ];
    case "attribute": {
      const position = context.block ? (context.owner.keyword === "table" ? "table" : "entity") : isRelation(symbols, context.field?.type) ? "relation" : "column";
      return attributesAllowedAt(position).map((name) => ({ label: name, kind: CompletionItemKind.Property, ...form(name, position) }));
    }
    case "argument":
      return argumentCandidates(context, symbols);
    case "none":
      return [];
  }
}

function form(name: string, position: string): { detail?: string } {
  const forms = position === "relation" ? RELATION_ATTRIBUTE_FORMS : position === "column" ? COLUMN_ATTRIBUTE_FORMS : {};
  const text = Object.hasOwn(forms, name) ? forms[name] : undefined;
  return text ? { detail: text.replaceAll("`", "") } : {};
}

function argumentCandidates(context: Extract<CursorContext, { kind: "argument" }>, symbols: SymbolTable): Candidate[] {
  const owner = context.owner.name;
  const target = context.field?.type;
  const words = (list: readonly string[], detail: string) => list.map((w) => ({ label: w, kind: CompletionItemKind.EnumMember, detail }));
  const options = (attr: string) => (RELATION_ATTRIBUTE_OPTIONS[attr] ?? []).map((o) => ({ label: `${o}:`, kind: CompletionItemKind.Keyword, detail: `@${attr} option` }));
  if (context.block) return ["index", "unique", "id"].includes(context.attribute) ? scalarFields(symbols, owner) : [];

  switch (context.attribute) {
    case "references":
      return context.qualifier ? scalarFields(symbols, context.qualifier) : declarations(symbols, "Entity").map(entityCandidate);
    case "fk":
      return [...foreignKeyFields(symbols, owner), ...(target && target !== owner ? foreignKeyFields(symbols, target) : [])];
    case "inverse":
      return target ? relationFields(symbols, target) : [];
    case "orderBy":
      return target ? scalarFields(symbols, target) : [];
    case "lazy":
      return words(LOAD_STRATEGIES, "loading strategy");
    case "cascade":
      return words(CASCADE_WORDS, "cascade");
    case "onDelete":
    case "onUpdate":
      return words(REFERENTIAL_ACTIONS, "referential action");
    case "backref":
      if (context.option === "lazy") return words(LOAD_STRATEGIES, "loading strategy");
      if (context.option === "cascade") return words(CASCADE_WORDS, "cascade");
      return context.index > 0 ? options("backref") : [];
    case "through": {
      if (context.option === "from" || context.option === "to") {
        const via = context.qualifier ?? throughName(context, symbols);
        return via ? foreignKeyFields(symbols, via) : [];
      }
      if (context.index > 0) return options("through");
      return [...declarations(symbols, "Table").map((d) => ({ label: d.name.name, kind: CompletionItemKind.Struct, detail: "association table" })),
        ...declarations(symbols, "Entity").map(entityCandidate)];
    }
    case "default": {
      const enumDecl = target ? symbols.declarations.get(target) : undefined;
      if (enumDecl?.kind === "Enum") return enumDecl.members.map((m) => ({ label: m.name, kind: CompletionItemKind.EnumMember, detail: `${enumDecl.name.name} member` }));
      return ["autoincrement()", "now()", "uuid()", "true", "false", "null"].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
    }
    default:
      return [];
  }
}

/** The first argument of `@through(...)` on the cursor's line is not kept by the context; the owner's field says which table. */
function throughName(context: Extract<CursorContext, { kind: "argument" }>, symbols: SymbolTable): string | undefined {
  const field = context.field && symbols.fieldsOf(context.owner.name).get(context.field.name);
  if (field?.origin !== "declared") return undefined;
  const through = field.field.attributes.find((a) => a.name.name === "through");
  const first = through?.args[0]?.value;
  return first?.kind === "Word" ? first.name : undefined;
}

const entityCandidate = (d: Declaration): Candidate => ({ label: d.name.name, kind: CompletionItemKind.Class, detail: "entity" });

function declarations(symbols: SymbolTable, kind: Declaration["kind"]): Declaration[] {
  return [...symbols.declarations.values()].filter((d) => d.kind === kind);
}

function isRelation(symbols: SymbolTable, type: string | undefined): boolean {
  return type !== undefined && symbols.declarations.get(type)?.kind === "Entity";
}

function scalarFields(symbols: SymbolTable, owner: string): Candidate[] {
  return [...symbols.fieldsOf(owner).values()].flatMap((f) =>
    f.origin === "declared" && !isRelation(symbols, f.field.type.name.name)
      ? [{ label: f.field.name.name, kind: CompletionItemKind.Field, detail: `${owner}.${f.field.name.name}: ${f.field.type.name.name}` }] : []);
}

/** Columns with `@references`: the ones `@fk` and `@through(…, from:, to:)` may name. */
function foreignKeyFields(symbols: SymbolTable, owner: string): Candidate[] {
  return [...symbols.fieldsOf(owner).values()].flatMap((f) => {
    if (f.origin !== "declared") return [];
    const ref = f.field.attributes.find((a) => a.name.name === "references");
    const to = ref?.args[0]?.value;
    const target = to?.kind === "Path" ? `${to.head.name}.${to.tail.name}` : to?.kind === "Word" ? to.name : undefined;
    return target ? [{ label: f.field.name.name, kind: CompletionItemKind.Field, detail: `${owner}.${f.field.name.name} → ${target}` }] : [];
  });
}

function relationFields(symbols: SymbolTable, owner: string): Candidate[] {
  return [...symbols.fieldsOf(owner).values()].flatMap((f) =>
    f.origin === "declared" && isRelation(symbols, f.field.type.name.name)
      ? [{ label: f.field.name.name, kind: CompletionItemKind.Field, detail: `${owner}.${f.field.name.name}: ${f.field.type.name.name}` }] : []);
}

