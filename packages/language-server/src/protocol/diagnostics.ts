import type { Diagnostic } from "@relgen/dsl";
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { Workspace } from "../workspace/workspace.js";
import { spanLocation, spanRange } from "./ranges.js";

/** A compiler diagnostic as the editor shows it: the help sentence on its own line, as `relgen build` prints it. */
export function toLspDiagnostic(workspace: Workspace, d: Diagnostic): LspDiagnostic {
  return {
    range: spanRange(workspace, d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "relgen",
    message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
    ...(d.related?.length ? { relatedInformation: d.related.map((r) => ({ location: spanLocation(workspace, r.span), message: r.message })) } : {}),
  };
}
