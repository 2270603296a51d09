import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node.js";
import { locateServer, type ServerLocation } from "./server-location.js";

// The client: finds the relgen language server, runs it with Node over stdio
// and hands it every `.rel` document. All language features come from the
// server; the grammar and language configuration are static contributions.

const LANGUAGE = "rel";
let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
/** Starts and stops run one after another: two quick setting changes must not leave two servers running. */
let lifecycle: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("relgen");
  // One watcher for every client: a client disposes its listeners on it but never the watcher itself.
  const watcher = vscode.workspace.createFileSystemWatcher("**/*.rel");
  context.subscriptions.push(
    output,
    watcher,
    vscode.commands.registerCommand("relgen.restartServer", () => restart(context, watcher)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("relgen.server")) void restart(context, watcher);
    }),
    // trust lets the workspace's own server and settings count
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart(context, watcher)),
  );
  await queue(() => start(context, watcher));
}

export function deactivate(): Promise<void> {
  return queue(stop);
}

function restart(context: vscode.ExtensionContext, watcher: vscode.FileSystemWatcher): Promise<void> {
  return queue(async () => {
    await stop();
    await start(context, watcher);
  });
}

function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  // dispose, not just stop: a client whose server crashed still holds its handlers
  await running?.dispose().catch((err: unknown) => output?.appendLine(`relgen: stopping the language server: ${err instanceof Error ? err.message : String(err)}`));
}

async function start(context: vscode.ExtensionContext, watcher: vscode.FileSystemWatcher): Promise<void> {
  const settings = vscode.workspace.getConfiguration("relgen");
  const located = locateServer({
    setting: settings.get<string>("server.path", ""),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file").map((f) => f.uri.fsPath),
    extensionPath: context.extensionPath,
    trusted: vscode.workspace.isTrusted,
  });
  if (!located.ok) {
    void failed(`relgen: the language server cannot start: ${located.refusal.reason}.`, `Fix: ${located.refusal.fix}.`);
    return;
  }
  const runtime = settings.get<string>("server.runtime", "").trim();
  const next = new LanguageClient("relgen", "relgen language server", serverOptions(located.location, runtime), clientOptions(watcher));
  output?.appendLine(`relgen: starting the ${located.location.source} language server ${located.location.module}${runtime ? ` with ${runtime}` : ""}`);
  try {
    await next.start();
    client = next;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    void failed(
      `relgen: the language server at ${located.location.module} did not start (${detail}).`,
      runtime === ""
        ? `Fix: check the "relgen" output channel; if the server needs a newer Node.js than VS Code's, set "relgen.server.runtime" to a node executable.`
        : `Fix: check the "relgen" output channel, and that "relgen.server.runtime" (${runtime}) is a node executable.`,
    );
    // a client that never started still holds its output channel and process handles
    await next.dispose().catch(() => undefined);
  }
}

function serverOptions(location: ServerLocation, runtime: string): ServerOptions {
  // TransportKind.stdio makes the client pass `--stdio`, the server's contract.
  const run = { module: location.module, transport: TransportKind.stdio, ...(runtime ? { runtime } : {}) };
  return { run, debug: { ...run, options: { execArgv: ["--nolazy", "--inspect=6009"] } } };
}

function clientOptions(watcher: vscode.FileSystemWatcher): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: "file", language: LANGUAGE },
      { scheme: "untitled", language: LANGUAGE },
    ],
    // imported files that are not open change on disk too; the server re-checks their importers
    synchronize: { fileEvents: watcher },
    ...(output ? { outputChannel: output } : {}),
  };
}

/** Shown, not awaited: activation must not wait for the user to dismiss a notification. */
async function failed(message: string, fix: string): Promise<void> {
  output?.appendLine(`${message} ${fix}`);
  const choice = await vscode.window.showErrorMessage(`${message} ${fix}`, "Open Settings", "Show Output");
  if (choice === "Open Settings") await vscode.commands.executeCommand("workbench.action.openSettings", "relgen.server");
  else if (choice === "Show Output") output?.show();
}
