import type { Diagnostic, FieldDecl, SchemaFile } from "@relgen/dsl";
import type { OffsetEdit } from "../rename/plan.js";

/** One quick fix: a title and the edits, by offsets into the unit's texts. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
  /** The fix the diagnostic's help names first. */
  readonly preferred: boolean;
}

interface FixContext {
  readonly files: readonly SchemaFile[];
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * The fixes a diagnostic's help sentence spells out, made into edits: the
 * catalog writes every help the same few ways ("did you mean `x`?", "write
 * `T?`", "add `@unique` to `E.f`", "either write … or make `E.f` nullable",
 * "say which one with `@fk(...)`", "add a field to `E` such as `…`").
 * A help that names no mechanical edit gets no fix.
 */
export function fixesFor(d: Diagnostic, ctx: FixContext): Fix[] {
  const text = ctx.sources.get(d.span.file) ?? "";
  const spanText = text.slice(d.span.start, d.span.end);
  const help = d.help ?? "";
  const fixes: Fix[] = [];
  const add = (title: string, edits: OffsetEdit[]) => fixes.push({ title, edits, preferred: fixes.length === 0 });

  const meant = /did you mean `([^`]+)`\?/.exec(help)?.[1];
  if (meant) {
    const edit = replaceMisspelling(d, spanText, meant);
    if (edit) add(`Change to \`${meant}\``, [edit]);
  }

  if (d.code === "E0703") {
    const field = fieldAt(ctx.files, d.span.file, d.span.start);
    const listed = d.message.slice(d.message.indexOf("foreign keys:"));
    for (const candidate of [...listed.matchAll(/`\w+\.(\w+)`/g)].map((m) => m[1]!)) {
      if (field) add(`Add \`@fk(${candidate})\``, [append(field, ` @fk(${candidate})`)]);
    }
  }

  const writeType = /^(?:either )?write `([\w]+(?:\[\])?\??)`/.exec(help)?.[1];
  if (writeType && /^[\w]+(?:\[\])?\??$/.test(spanText)) {
    add(`Write \`${writeType}\``, [{ file: d.span.file, start: d.span.start, end: d.span.end, text: writeType }]);
  }

  const keyNullability = /make `(\w+)\.(\w+)` (nullable|NOT NULL)/.exec(help);
  if (keyNullability) {
    const [, owner, name, how] = keyNullability;
    const field = fieldOf(ctx.files, owner!, name!);
    if (field) {
      const type = field.type.span;
      const typeText = (ctx.sources.get(type.file) ?? "").slice(type.start, type.end);
      const edit = how === "nullable"
        ? { file: type.file, start: type.end, end: type.end, text: "?" }
        : { file: type.file, start: type.start, end: type.end, text: typeText.replace(/\?$/, "") };
      add(`Make \`${owner}.${name}\` ${how}`, [edit]);
    }
  }

  for (const m of help.matchAll(/add `(@[^`]+)` to `(\w+)\.(\w+)`/g)) {
    const field = fieldOf(ctx.files, m[2]!, m[3]!);
    if (field) add(`Add \`${m[1]}\` to \`${m[2]}.${m[3]}\``, [append(field, ` ${m[1]}`)]);
  }

  for (const m of help.matchAll(/add a field to `(\w+)` such as `([^`]+)`/g)) {
    const edit = addField(ctx, m[1]!, m[2]!);
    if (edit) add(`Add \`${m[2]}\` to \`${m[1]}\``, [edit]);
  }
  return fixes;
}

/** Replaces the misspelt word: the whole span when it is one word, else the word the message quotes inside it. */
function replaceMisspelling(d: Diagnostic, spanText: string, meant: string): OffsetEdit | undefined {
  const at = (start: number, end: number, replacement: string) => ({ file: d.span.file, start: d.span.start + start, end: d.span.start + end, text: replacement });
  const bare = meant.replace(/^@@?/, "");
  if (/^[\w-]+$/.test(spanText)) return at(0, spanText.length, bare);
  const quoted = [...d.message.matchAll(/`([\w-]+)`/g)].map((m) => m[1]!).reverse();
  for (const word of quoted) {
    const found = new RegExp(`(?<![\\w.-])${word}(?![\\w-])`).exec(spanText);
    if (found && !spanText.startsWith(`@${word}`)) return at(found.index, found.index + word.length, bare);
  }
  return undefined;
}

function append(field: FieldDecl, text: string): OffsetEdit {
  return { file: field.span.file, start: field.span.end, end: field.span.end, text };
}

function addField(ctx: FixContext, owner: string, line: string): OffsetEdit | undefined {
  const decl = ctx.files.flatMap((f) => f.declarations).find((x) => x.name.name === owner);
  if (!decl || decl.kind === "Enum") return undefined;
  const text = ctx.sources.get(decl.span.file) ?? "";
  const close = text.lastIndexOf("}", decl.span.end - 1);
  if (close < decl.span.start) return undefined;
  // on its own line before the closing brace, indented like the house style
  const lineStart = text.lastIndexOf("\n", close - 1) + 1;
  const braceOnOwnLine = text.slice(lineStart, close).trim() === "";
  return braceOnOwnLine
    ? { file: decl.span.file, start: lineStart, end: lineStart, text: `  ${line}\n` }
    : { file: decl.span.file, start: close, end: close, text: `\n  ${line}\n` };
}

function fieldOf(files: readonly SchemaFile[], owner: string, name: string): FieldDecl | undefined {
  for (const f of files) for (const d of f.declarations) if (d.kind !== "Enum" && d.name.name === owner) return d.fields.find((x) => x.name.name === name);
  return undefined;
}

function fieldAt(files: readonly SchemaFile[], file: string, offset: number): FieldDecl | undefined {
  for (const f of files) {
    if (f.path !== file) continue;
    for (const d of f.declarations) if (d.kind !== "Enum") for (const x of d.fields) if (x.span.start <= offset && offset < x.span.end) return x;
  }
  return undefined;
}
