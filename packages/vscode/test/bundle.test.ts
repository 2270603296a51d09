import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, SERVER_ENTRY } from "../scripts/bundle.mjs";
import { locateServer } from "../src/server-location.js";

// What goes into the .vsix, built into a scratch extension folder: the client
// must load with no node_modules beside it, and the server it finds there
// must answer an editor over stdio the way the client starts it.

let extension: string;
let files: string[];

beforeAll(async () => {
  extension = mkdtempSync(path.join(os.tmpdir(), "relgen-vscode-bundle-"));
  files = await bundle(path.join(extension, "dist"));
});

afterAll(() => {
  rmSync(extension, { recursive: true, force: true });
});

describe("the client bundle", () => {
  it("requires nothing but `vscode` and Node's built-ins, so the .vsix needs no node_modules", () => {
    const code = readFileSync(path.join(extension, "dist", "extension.cjs"), "utf8");
    const required = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    expect(required).toContain("vscode");
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    expect([...required].filter((m) => m !== "vscode" && !builtins.has(m))).toEqual([]);
  });

  it("holds the client and the language server", () => {
    expect(files).toEqual(["extension.cjs", "server.mjs"]);
  });

  it("is refused without the server entry, leaving the last good bundle", async () => {
    const dist = path.join(extension, "dist");
    await expect(bundle(dist, path.join(extension, "no-server.ts"))).rejects.toThrow(/language server entry .*no-server\.ts is missing/);
    expect(readdirSync(dist).sort()).toEqual(files);
  });

  it("holds no path of the machine that built it", () => {
    const repo = path.resolve(SERVER_ENTRY, "../../../..");
    for (const name of files) expect(readFileSync(path.join(extension, "dist", name), "utf8").includes(repo), name).toBe(false);
  });

  it("is byte-identical when bundled again", async () => {
    const again = mkdtempSync(path.join(os.tmpdir(), "relgen-vscode-bundle-"));
    try {
      expect(await bundle(path.join(again, "dist"))).toEqual(files);
      for (const name of files) {
        expect(readFileSync(path.join(again, "dist", name)).equals(readFileSync(path.join(extension, "dist", name))), name).toBe(true);
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe("the bundled language server", () => {
  let child: ChildProcess;
  let rpc: MessageConnection;
  const published = new Map<string, { message: string; severity?: number }[]>();
  const blog = path.resolve(SERVER_ENTRY, "../../../../fixtures/blog/schema.rel");
  const uri = pathToFileURL(blog).href;

  /** Resolves with the next diagnostics published for `uri` after `send`. */
  async function diagnosticsAfter(send: () => Promise<void>): Promise<{ message: string; severity?: number }[]> {
    published.delete(uri);
    await send();
    for (let i = 0; i < 600 && !published.has(uri); i++) await new Promise((r) => setTimeout(r, 50));
    const result = published.get(uri);
    if (!result) throw new Error(`no diagnostics were published for ${uri}`);
    return result;
  }

  beforeAll(async () => {
    expect(files).toContain("server.mjs");
    const located = locateServer({ setting: "", workspaceFolders: [], extensionPath: extension, trusted: true });
    if (!located.ok) throw new Error(located.refusal.reason);
    expect(located.location.source).toBe("bundled");
    // as vscode-languageclient runs a TransportKind.stdio module: Node, the module, `--stdio`
    child = spawn(process.execPath, [located.location.module, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
    rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    rpc.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: { message: string; severity?: number }[] }) => {
      published.set(p.uri, p.diagnostics);
    });
    rpc.listen();
  });

  afterAll(async () => {
    if (rpc) {
      await rpc.sendRequest("shutdown").catch(() => undefined);
      await rpc.sendNotification("exit").catch(() => undefined);
      rpc.dispose();
    }
    if (child && child.exitCode === null) child.kill();
  });

  it("initializes and offers the features the extension advertises", async () => {
    const init = (await rpc.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities: Record<string, unknown> };
    await rpc.sendNotification("initialized", {});
    for (const feature of ["completionProvider", "hoverProvider", "definitionProvider", "referencesProvider", "renameProvider", "documentFormattingProvider", "codeActionProvider"]) {
      expect(init.capabilities[feature], feature).toBeTruthy();
    }
  });

  it("checks a document as it is opened and edited", async () => {
    const text = readFileSync(blog, "utf8");
    const opened = await diagnosticsAfter(() => rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "rel", version: 1, text } }));
    expect(opened.filter((d) => d.severity === 1)).toEqual([]);
    const broken = text.replace("content   Text", "content   Txet");
    expect(broken).not.toBe(text);
    const edited = await diagnosticsAfter(() => rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }] }));
    expect(edited.some((d) => d.severity === 1 && d.message.includes("Txet"))).toBe(true);
  });

  it("answers completion and hover from the bundled compiler", async () => {
    const text = readFileSync(blog, "utf8");
    await diagnosticsAfter(() => rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text }] }));
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("@references(User.id)"));
    const character = lines[line]!.indexOf("@references(User.id)") + "@references(".length;
    const completion = (await rpc.sendRequest("textDocument/completion", { textDocument: { uri }, position: { line, character } })) as { items?: { label: string }[] } | { label: string }[];
    const labels = (Array.isArray(completion) ? completion : completion.items ?? []).map((i) => i.label);
    expect(labels).toContain("User");
    const hover = (await rpc.sendRequest("textDocument/hover", { textDocument: { uri }, position: { line, character: character + 1 } })) as { contents: unknown } | null;
    expect(JSON.stringify(hover?.contents ?? "")).toContain("User");
  });
});
