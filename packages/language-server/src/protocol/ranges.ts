import type { Span } from "@relgen/dsl";
import type { Location, Range, TextEdit } from "vscode-languageserver";
import type { Workspace } from "../workspace/workspace.js";

/**
 * Spans count UTF-16 code units, as LSP's default position encoding does, so
 * an offset maps to a line and character by the document's line starts
 * alone; no re-encoding (an emoji in a doc comment is two units in both).
 */
export function spanRange(workspace: Workspace, span: Span): Range {
  const doc = workspace.textDocument(span.file);
  if (!doc) {
    // the file is no longer part of any unit: the span's own 1-based start is all there is
    const at = { line: span.line - 1, character: span.column - 1 };
    return { start: at, end: at };
  }
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function spanLocation(workspace: Workspace, span: Span): Location {
  return { uri: workspace.uris.uriOf(span.file), range: spanRange(workspace, span) };
}

/** Replacements by offsets into the compiled texts, as LSP changes by document, each document's in text order. */
export function workspaceChanges(
  workspace: Workspace,
  edits: readonly { readonly file: string; readonly start: number; readonly end: number; readonly text: string }[],
): Record<string, TextEdit[]> {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    // an edit's file is part of the unit, so its document exists and the span's line and column are never read
    const range = spanRange(workspace, { file: e.file, start: e.start, end: e.end, line: 1, column: 1 });
    (changes[workspace.uris.uriOf(e.file)] ??= []).push({ range, newText: e.text });
  }
  for (const list of Object.values(changes)) list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return changes;
}
