import { describe, expect, it, vi } from "vitest";

// The extension against a stand-in VS Code API and language client: what it
// creates across restarts, and what it leaves undisposed.

const vs = vi.hoisted(() => {
  const watchers: Array<{ disposed: boolean }> = [];
  const commands = new Map<string, () => unknown>();
  const disposable = () => ({ dispose: () => undefined });
  return {
    watchers,
    commands,
    module: {
      window: { createOutputChannel: () => ({ appendLine: () => undefined, show: () => undefined, dispose: () => undefined }), showErrorMessage: async () => undefined },
      commands: { registerCommand: (name: string, run: () => unknown) => (commands.set(name, run), disposable()), executeCommand: async () => undefined },
      workspace: {
        getConfiguration: () => ({ get: <T>(_key: string, fallback: T) => fallback }),
        workspaceFolders: [],
        isTrusted: true,
        onDidChangeConfiguration: disposable,
        onDidGrantWorkspaceTrust: disposable,
        createFileSystemWatcher: () => {
          const watcher = { disposed: false, dispose: () => void (watcher.disposed = true) };
          watchers.push(watcher);
          return watcher;
        },
      },
    },
  };
});

vi.mock("vscode", () => vs.module);
vi.mock("vscode-languageclient/node.js", () => ({
  TransportKind: { stdio: 0 },
  LanguageClient: class {
    start = async () => undefined;
    dispose = async () => undefined;
  },
}));
vi.mock("../src/server-location.js", () => ({ locateServer: () => ({ ok: true, location: { module: "/server.mjs", source: "bundled" } }) }));

describe("extension", () => {
  it("watches .rel files with one watcher across restarts, disposed with the extension", async () => {
    const { activate, deactivate } = await import("../src/extension.js");
    const subscriptions: Array<{ dispose(): unknown }> = [];
    await activate({ subscriptions, extensionPath: "/ext" } as never);
    await vs.commands.get("relgen.restartServer")!();
    await vs.commands.get("relgen.restartServer")!();
    await deactivate();
    for (const s of subscriptions) s.dispose();
    expect(vs.watchers).toHaveLength(1);
    expect(vs.watchers.every((w) => w.disposed)).toBe(true);
  });
});
