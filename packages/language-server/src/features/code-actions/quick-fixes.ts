import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import { spanRange, workspaceChanges } from "../../protocol/ranges.js";
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
      const changes = workspaceChanges(workspace, fix.edits);
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], isPreferred: fix.preferred, edit: { changes } });
    }
  }
  return actions;
}

function sameStart(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line === b.line && a.character === b.character;
}
