import type { Location, Position } from "vscode-languageserver";
import { spanLocation } from "../protocol/ranges.js";
import type { Workspace } from "../workspace/workspace.js";
import { locate } from "./locate.js";

/** Go to definition: an entity, table or enum to its declaration, a field to its line, a backref-created field to the `@backref` that creates it. */
export function definition(workspace: Workspace, file: string, position: Position): Location | null {
  const found = locate(workspace, file, position);
  const target = found && found.symbols.definitionOf(found.occurrence.ref);
  return target ? spanLocation(workspace, target.span) : null;
}

/** Find references: every place the name under the cursor is used, across the imported files. */
export function references(workspace: Workspace, file: string, position: Position, includeDeclaration: boolean): Location[] {
  const found = locate(workspace, file, position);
  if (!found) return [];
  return found.symbols
    .occurrencesOf(found.occurrence.ref)
    .filter((o) => includeDeclaration || o.role === "reference")
    .map((o) => spanLocation(workspace, o.span));
}
