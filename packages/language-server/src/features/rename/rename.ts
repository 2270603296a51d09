import { compileFile, type Diagnostic } from "@relgen/dsl";
import { ErrorCodes, ResponseError, type Position, type Range, type WorkspaceEdit } from "vscode-languageserver";
import { spanRange, workspaceChanges } from "../../protocol/ranges.js";
import { overlayHost } from "../../workspace/overlay-host.js";
import type { Workspace } from "../../workspace/workspace.js";
import { locate, type Located } from "../locate.js";
import { applyEdits, invalidNewName, notRenamable, renameEdits } from "./plan.js";

const refuse = (why: string) => new ResponseError(ErrorCodes.InvalidRequest, `cannot rename: ${why}`);

export function prepareRename(workspace: Workspace, file: string, position: Position): { range: Range; placeholder: string } | null {
  const found = locate(workspace, file, position, true);
  if (!found) return null;
  const why = notRenamable(found);
  if (why) throw refuse(why);
  return { range: spanRange(workspace, found.occurrence.span), placeholder: found.occurrence.ref.name };
}

/**
 * Renames an entity or a field in every file of its unit. Refused, with the
 * reason, for a name that is invalid or taken, and for any rename after which
 * a schema that compiled would no longer compile (a generated name or a file
 * name it would clash with): the edit is compiled before it is offered.
 */
export function rename(workspace: Workspace, file: string, position: Position, newName: string): WorkspaceEdit | null {
  const found = locate(workspace, file, position, true);
  if (!found) return null;
  const why = notRenamable(found) ?? invalidNewName(found, newName);
  if (why) throw refuse(why);
  if (newName === found.occurrence.ref.name) return { changes: {} };
  const edits = renameEdits(workspace, found, newName);
  const broken = breaks(workspace, found, applyEdits(found.unit.sources, edits));
  if (broken) throw refuse(`\`${newName}\` would not compile: ${broken.message} (${broken.span.file}:${broken.span.line}:${broken.span.column})`);

  return { changes: workspaceChanges(workspace, edits) };
}

/** The first error the renamed schema has, when the schema had none before. */
function breaks(workspace: Workspace, found: Located, renamed: ReadonlyMap<string, string>): Diagnostic | undefined {
  if (!found.unit.ir) return undefined;
  const host = overlayHost((f) => renamed.get(f) ?? workspace.openDocument(f)?.getText());
  return compileFile(found.unit.entry, host).diagnostics.find((d) => d.severity === "error");
}
