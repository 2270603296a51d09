import type { Position } from "vscode-languageserver";
import type { Occurrence } from "../symbols/symbol.js";
import type { SymbolTable } from "../symbols/table.js";
import type { Unit } from "../workspace/unit.js";
import type { Workspace } from "../workspace/workspace.js";

export interface Located {
  readonly unit: Unit;
  readonly symbols: SymbolTable;
  readonly occurrence: Occurrence;
}

/** The name under the cursor, with the unit it belongs to; undefined on anything that is not a name. `complete`: see `Workspace.unitOf`. */
export function locate(workspace: Workspace, file: string, position: Position, complete = false): Located | undefined {
  const unit = workspace.unitOf(file, complete);
  const doc = workspace.textDocument(file);
  if (!unit || !doc) return undefined;
  const symbols = workspace.symbols(unit);
  const occurrence = symbols.at(file, doc.offsetAt(position));
  return occurrence && { unit, symbols, occurrence };
}
