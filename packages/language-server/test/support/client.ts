import { readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { Diagnostic, PublishDiagnosticsParams, Range, TextEdit } from "vscode-languageserver";
import { createConnection } from "vscode-languageserver/node";
import { startServer } from "../../src/index.js";

export const REPO = path.resolve(import.meta.dirname, "../../../..");
export const fixture = (...parts: string[]) => path.join(REPO, "fixtures", ...parts);
export const uriOf = (file: string) => pathToFileURL(file).href;

/**
 * An LSP client talking JSON-RPC to the server over a pair of in-memory
 * streams: the same messages an editor sends over stdio. The streams are
 * never ended: vscode-languageserver exits the process when its input ends.
 */
export class TestClient {
  readonly #diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly #waiters: Array<() => void> = [];
  readonly #versions = new Map<string, number>();
  readonly #texts = new Map<string, string>();

  private constructor(readonly rpc: MessageConnection, private readonly server: { dispose(): void }) {
    rpc.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      (this.#diagnostics.get(p.uri) ?? this.#diagnostics.set(p.uri, []).get(p.uri)!).push(p);
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  static async start(): Promise<TestClient> {
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    const server = createConnection(toServer, fromServer);
    startServer(server);
    const rpc = createMessageConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
    rpc.listen();
    const client = new TestClient(rpc, server);
    client.capabilities = (await rpc.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} }) as { capabilities: Record<string, unknown> }).capabilities;
    await rpc.sendNotification("initialized", {});
    return client;
  }

  capabilities: Record<string, unknown> = {};

  /** Opens `file` with `text` (its disk content by default); resolves with its first diagnostics. */
  async open(file: string, text = readFileSync(file, "utf8")): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    this.#versions.set(uri, 1);
    this.#texts.set(uri, text);
    const seen = this.count(uri);
    await this.rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "rel", version: 1, text } });
    return this.diagnosticsAfter(uri, seen);
  }

  /** Replaces the whole text; resolves with the diagnostics published for it. */
  async change(file: string, text: string): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const version = (this.#versions.get(uri) ?? 0) + 1;
    this.#versions.set(uri, version);
    this.#texts.set(uri, text);
    const seen = this.count(uri);
    await this.rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
    return this.diagnosticsAfter(uri, seen);
  }

  /** An incremental edit (what editors send while typing). */
  async edit(file: string, range: Range, text: string): Promise<void> {
    const uri = uriOf(file);
    const version = (this.#versions.get(uri) ?? 0) + 1;
    this.#versions.set(uri, version);
    await this.rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async close(file: string): Promise<void> {
    await this.rpc.sendNotification("textDocument/didClose", { textDocument: { uri: uriOf(file) } });
  }

  text(file: string): string {
    return this.#texts.get(uriOf(file)) ?? readFileSync(file, "utf8");
  }

  count(uri: string): number {
    return this.#diagnostics.get(uri)?.length ?? 0;
  }

  /** The next diagnostics published for `uri` after the `seen`-th. */
  async diagnosticsAfter(uri: string, seen: number): Promise<Diagnostic[]> {
    while (this.count(uri) <= seen) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.#diagnostics.get(uri)!.at(-1)!.diagnostics;
  }

  /** Waits for a publication for `file`, after the `since`-th, that satisfies `accept` (an edit republishes every file it reaches, in load order). */
  async until(file: string, accept: (d: Diagnostic[]) => boolean, since = 0): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    for (let seen = since; ; seen++) {
      await this.diagnosticsAfter(uri, seen);
      const nth = this.#diagnostics.get(uri)![seen]!.diagnostics;
      if (accept(nth)) return nth;
    }
  }

  /** The last diagnostics published for `file`, if any. */
  latest(file: string): Diagnostic[] | undefined {
    return this.#diagnostics.get(uriOf(file))?.at(-1)?.diagnostics;
  }

  request<R>(method: string, file: string, params: Record<string, unknown> = {}): Promise<R> {
    return this.rpc.sendRequest(method, { textDocument: { uri: uriOf(file) }, ...params }) as Promise<R>;
  }

  dispose(): void {
    this.rpc.dispose();
    this.server.dispose();
  }
}

/** The position of the `nth` occurrence of `needle` in `text`, plus `shift` characters (UTF-16, like LSP). */
export function positionOf(text: string, needle: string, shift = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} (#${nth}) not in the text`);
  }
  const offset = at + shift;
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}

/** Applies text edits (non-overlapping, any order) to `text`. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let l = 0; l < p.line; l++) o = text.indexOf("\n", o) + 1;
    return o + p.character;
  };
  return [...edits]
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}
