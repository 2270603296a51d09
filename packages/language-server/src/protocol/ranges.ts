import type { Span } from "@relgen/dsl";
import type { Location, Range } from "vscode-languageserver";
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
