import { CodeActionKind, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { quickFixes } from "./features/code-actions/quick-fixes.js";
import { complete } from "./features/completion/complete.js";
import { formatDocument } from "./features/formatting.js";
import { hover } from "./features/hover/hover.js";
import { definition, references } from "./features/navigation.js";
import { DiagnosticsPublisher } from "./features/publish.js";
import { prepareRename, rename } from "./features/rename/rename.js";
import { uriToPath } from "./workspace/paths.js";
import { Workspace } from "./workspace/workspace.js";

export const SERVER_NAME = "relgen-language-server";

/** How long typing must pause before an edit checked quickly is checked against the whole schema. */
const COMPLETE_CHECK_DELAY_MS = 300;

/**
 * Serves the `.rel` language on `connection` (stdio, IPC, or a stream pair in
 * tests and in-process clients). Everything it knows comes from
 * @relgen/dsl, the compiler `relgen build` runs, over the open buffers.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(documents);
  const diagnostics = new DiagnosticsPublisher(connection, workspace);

  // Edits arriving together are published once, after the last of them. An
  // edit checked quickly (around the edit) is checked completely once typing
  // pauses: what only the whole schema shows arrives then.
  // After shutdown, or once the client has gone, nothing is published any more.
  let stopped = false;
  let scheduled = false;
  let completeCheck: NodeJS.Timeout | undefined;
  const publishSoon = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (stopped) return;
      diagnostics.publish();
      clearTimeout(completeCheck);
      if (!workspace.complete) {
        completeCheck = setTimeout(() => {
          if (stopped) return;
          workspace.completeUnits();
          diagnostics.publish();
        }, COMPLETE_CHECK_DELAY_MS).unref();
      }
    });
  };
  const changed = () => {
    workspace.invalidate();
    publishSoon();
  };

  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: ["@", "(", ",", ".", ":", " ", "["] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: SERVER_NAME },
    }),
  );

  const stop = () => {
    stopped = true;
    clearTimeout(completeCheck);
  };
  connection.onShutdown(stop);
  connection.onExit(stop);
  documents.onDidOpen(changed);
  documents.onDidChangeContent((e) => {
    workspace.edited(uriToPath(e.document.uri));
    publishSoon();
  });
  documents.onDidClose(changed);
  // an imported file saved or edited outside the editor
  connection.onDidChangeWatchedFiles(changed);

  const at = (uri: string) => uriToPath(uri);
  connection.onCompletion((p) => complete(workspace, at(p.textDocument.uri), p.position));
  connection.onHover((p) => hover(workspace, at(p.textDocument.uri), p.position));
  connection.onDefinition((p) => definition(workspace, at(p.textDocument.uri), p.position));
  connection.onReferences((p) => references(workspace, at(p.textDocument.uri), p.position, p.context.includeDeclaration));
  connection.onPrepareRename((p) => prepareRename(workspace, at(p.textDocument.uri), p.position));
  connection.onRenameRequest((p) => rename(workspace, at(p.textDocument.uri), p.position, p.newName));
  connection.onDocumentFormatting((p) => formatDocument(workspace, at(p.textDocument.uri)));
  connection.onCodeAction((p) => quickFixes(workspace, at(p.textDocument.uri), p.context.diagnostics));

  documents.listen(connection);
  connection.listen();
}
