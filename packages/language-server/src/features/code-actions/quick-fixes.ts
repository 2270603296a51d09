import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from "vscode-languageserver";
import { spanRange } from "../../protocol/ranges.js";
import type { Workspace } from "../../workspace/workspace.js";
import { fixesFor } from "./fixes.js";

/** Quick fixes for the diagnostics the client asks about, matched back to the compiler's by code and place. */
export function quickFixes(workspace: Workspace, file: string, asked: readonly LspDiagnostic[]): CodeAction[] {
  const unit = workspace.unitOf(file);
  if (!unit) return [];
  const actions: CodeAction[] = [];
  for (const lsp of asked) {
    const d = unit.diagnostics.find((x) => x.code === lsp.code && x.span.file === file && sameStart(spanRange(workspace, x.span).start, lsp.range.start));
    if (!d) continue;
    for (const fix of fixesFor(d, unit)) {
      const changes: Record<string, TextEdit[]> = {};
      for (const e of fix.edits) {
        (changes[workspace.uris.uriOf(e.file)] ??= []).push({ range: spanRange(workspace, { file: e.file, start: e.start, end: e.end, line: 0, column: 0 }), newText: e.text });
      }
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], isPreferred: fix.preferred, edit: { changes } });
    }
  }
  return actions;
}

function sameStart(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line === b.line && a.character === b.character;
}
