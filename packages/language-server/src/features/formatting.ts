import { formatSource } from "@relgen/dsl";
import { ErrorCodes, ResponseError, type TextEdit } from "vscode-languageserver";
import type { Workspace } from "../workspace/workspace.js";

/**
 * `relgen format` on the buffer: one edit replacing the whole text, none when
 * it is already canonical. A buffer that does not parse is refused with the
 * first error, as the CLI refuses it: a guessed layout could change meaning.
 */
export function formatDocument(workspace: Workspace, file: string): TextEdit[] {
  const doc = workspace.openDocument(file);
  if (!doc) return [];
  const before = doc.getText();
  const result = formatSource(before, file);
  if (result.text === undefined) {
    const first = result.diagnostics.find((d) => d.severity === "error");
    const where = first ? ` (line ${first.span.line}, column ${first.span.column}: ${first.message})` : "";
    throw new ResponseError(ErrorCodes.InvalidRequest, `relgen format: not formatted, the file has a syntax error${where}; fix it and format again`);
  }
  if (result.text === before) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(before.length) }, newText: result.text }];
}
