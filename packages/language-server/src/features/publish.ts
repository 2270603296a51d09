import type { Diagnostic } from "@relgen/dsl";
import type { Connection } from "vscode-languageserver";
import { toLspDiagnostic } from "../protocol/diagnostics.js";
import type { Workspace } from "../workspace/workspace.js";

/**
 * Publishes the diagnostics of every file the units reach: open ones and
 * the imports they read from disk. A file that dropped out (closed, or no
 * longer imported) gets an empty list once, so its old problems vanish.
 */
export class DiagnosticsPublisher {
  #published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
  ) {}

  publish(): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const unit of this.workspace.units()) {
      // a file two units reach shows the first unit's view of it
      const mine = new Set([...unit.sources.keys()].filter((f) => !byFile.has(f)));
      for (const file of mine) byFile.set(file, []);
      for (const d of unit.diagnostics) if (mine.has(d.span.file)) byFile.get(d.span.file)!.push(d);
    }
    for (const file of this.#published) if (!byFile.has(file)) this.send(file, []);
    for (const [file, diagnostics] of byFile) this.send(file, diagnostics);
    this.#published = new Set(byFile.keys());
  }

  private send(file: string, diagnostics: readonly Diagnostic[]): void {
    const version = this.workspace.openDocument(file)?.version;
    const params = {
      uri: this.workspace.uris.uriOf(file),
      ...(version === undefined ? {} : { version }),
      diagnostics: diagnostics.map((d) => toLspDiagnostic(this.workspace, d)),
    };
    // The client may have gone (its connection closed or disposed, before or while
    // sending): nobody is left to show them. A disposed connection throws at once.
    try {
      this.connection.sendDiagnostics(params).catch(() => undefined);
    } catch {
      // see above
    }
  }
}
