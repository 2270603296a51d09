import { entityTableName, SCALAR_TYPES, type Span } from "@relgen/dsl";
import type { Located } from "../locate.js";
import type { Workspace } from "../../workspace/workspace.js";

/** One replacement in a file, by offsets into the text the unit compiled. */
export interface OffsetEdit {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(["entity", "table", "enum", "import"]);

/** Why the name under the cursor cannot be renamed here, or undefined when it can. */
export function notRenamable(found: Located): string | undefined {
  const ref = found.occurrence.ref;
  if (ref.kind === "member") return "enum members are stored values: renaming one needs a data migration, so relgen does not do it as a refactoring";
  if (ref.kind === "declaration") {
    const decl = found.symbols.declarations.get(ref.name);
    if (decl?.kind === "Table") return `\`${ref.name}\` is a \`table\` declaration, whose name is its database table's name; rename it by hand with \`@@renamedFrom\``;
    if (decl?.kind === "Enum") return `\`${ref.name}\` is an enum, whose name is a database type on PostgreSQL; rename it by hand`;
  }
  return undefined;
}

/** Why `newName` cannot replace the name under the cursor, or undefined when it can. */
export function invalidNewName(found: Located, newName: string): string | undefined {
  const ref = found.occurrence.ref;
  if (!IDENTIFIER.test(newName)) return `\`${newName}\` is not a name: use letters, digits and \`_\`, not starting with a digit`;
  if (ref.kind === "declaration") {
    if (KEYWORDS.has(newName)) return `\`${newName}\` is a keyword and cannot name a declaration`;
    if ((SCALAR_TYPES as readonly string[]).includes(newName)) return `\`${newName}\` is a scalar type`;
    const taken = found.symbols.declarations.get(newName);
    if (taken) return `\`${newName}\` is already declared (${where(taken.name.span)}); entities, tables and enums share one namespace`;
  } else {
    const taken = found.symbols.fieldsOf(ref.owner).get(newName);
    if (taken) return `\`${ref.owner}\` already has a field \`${newName}\` (${where(taken.origin === "declared" ? taken.field.name.span : taken.nameSpan)})`;
  }
  return undefined;
}

function where(span: Span): string {
  return `${span.file}:${span.line}:${span.column}`;
}

/**
 * Every occurrence of the name, plus what keeps the database as it was: like
 * Prisma's rename (which adds `@@map`), a renamed entity keeps its table with
 * `@@table("old")` and a renamed column field keeps its column with
 * `@column("old")`, so the refactoring needs no migration.
 */
export function renameEdits(workspace: Workspace, found: Located, newName: string): OffsetEdit[] {
  const ref = found.occurrence.ref;
  const edits: OffsetEdit[] = found.symbols.occurrencesOf(ref).map((o) => ({ file: o.span.file, start: o.span.start, end: o.span.end, text: newName }));
  if (ref.kind === "declaration") {
    const decl = found.symbols.declarations.get(ref.name);
    if (decl?.kind === "Entity" && !decl.blockAttributes.some((a) => a.name.name === "table")) {
      const text = found.unit.sources.get(decl.span.file) ?? "";
      const brace = text.indexOf("{", decl.name.span.end);
      const table = workspace.ir(found.unit)?.ir.entities.find((e) => e.name === ref.name)?.tableName ?? entityTableName(ref.name);
      if (brace >= 0) edits.push({ file: decl.span.file, start: brace + 1, end: brace + 1, text: `\n  @@table(${JSON.stringify(table)})\n` });
    }
  } else if (ref.kind === "field") {
    const field = found.symbols.fieldsOf(ref.owner).get(ref.name);
    const typeDecl = field?.origin === "declared" ? found.symbols.declarations.get(field.field.type.name.name) : undefined;
    const isColumn = typeDecl === undefined || typeDecl.kind === "Enum";
    if (field?.origin === "declared" && isColumn && !field.field.attributes.some((a) => a.name.name === "column")) {
      edits.push({ file: field.field.span.file, start: field.field.span.end, end: field.field.span.end, text: ` @column(${JSON.stringify(ref.name)})` });
    }
  }
  return edits;
}

/** The texts after the edits, by file (edits of one file never overlap: they are distinct names). */
export function applyEdits(sources: ReadonlyMap<string, string>, edits: readonly OffsetEdit[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of new Set(edits.map((e) => e.file))) {
    let text = sources.get(file) ?? "";
    for (const e of edits.filter((x) => x.file === file).sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    out.set(file, text);
  }
  return out;
}
