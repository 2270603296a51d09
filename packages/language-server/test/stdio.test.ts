import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import type { PublishDiagnosticsParams } from "vscode-languageserver";
import { describe, expect, it } from "vitest";
import { fixture, REPO, uriOf } from "./support/client.js";

describe("the server process over stdio", () => {
  it("initializes, publishes diagnostics for an open file, and exits cleanly after shutdown", async () => {
    // the sources, as bin/relgen-language-server.mjs runs them before a build (a build's dist could be older)
    const server = spawn(process.execPath, ["--conditions=source", "--import", "tsx", path.resolve(import.meta.dirname, "../src/server.ts"), "--stdio"], {
      cwd: REPO, // where `--import tsx` finds tsx
      stdio: ["pipe", "pipe", "pipe"],
    });
    const exited = once(server, "exit");
    const rpc = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    try {
      const published = new Promise<PublishDiagnosticsParams>((resolve) => rpc.onNotification("textDocument/publishDiagnostics", resolve));
      rpc.listen();
      const init = (await rpc.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} })) as { serverInfo: { name: string } };
      expect(init.serverInfo.name).toBe("relgen-language-server");
      await rpc.sendNotification("initialized", {});

      const file = fixture("errors", "E0301-duplicate-entity", "schema.rel");
      await rpc.sendNotification("textDocument/didOpen", { textDocument: { uri: uriOf(file), languageId: "rel", version: 1, text: readFileSync(file, "utf8") } });
      const diagnostics = await published;
      expect(diagnostics.uri).toBe(uriOf(file));
      expect(diagnostics.diagnostics.map((d) => d.code)).toContain("E0301");

      await rpc.sendRequest("shutdown");
      await rpc.sendNotification("exit");
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      rpc.dispose();
      if (server.exitCode === null) server.kill();
    }
  });
});
