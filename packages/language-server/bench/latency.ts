// `npm run bench:lsp`: how long after an edit the editor shows diagnostics, on
// the 1,000-entity synthetic schema of `npm run bench:scale` (issue 15 asks
// for under 200 ms). The server runs as an editor runs it: a child process
// speaking LSP over stdio. Each edit types or deletes one character in a
// field name of one entity; the time is from sending didChange to receiving
// the publishDiagnostics for that document version.
//   --entities N (1000)  --edits N (40)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import type { PublishDiagnosticsParams } from "vscode-languageserver";
import { syntheticSchema } from "../../../bench/scale/synthetic.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive integer, got ${process.argv[i + 1]}`);
  return value;
};
const entities = arg("entities", 1000);
const edits = arg("edits", 40);

const here = path.dirname(fileURLToPath(import.meta.url));
const server = spawn(process.execPath, ["--conditions=source", "--import", import.meta.resolve("tsx"), path.join(here, "../src/server.ts"), "--stdio"], {
  stdio: ["pipe", "pipe", "inherit"],
});
const rpc = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const arrived = new Map<number, number>();
let notify: (() => void) | undefined;
rpc.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
  if (p.version !== undefined) arrived.set(p.version, performance.now());
  notify?.();
});
rpc.listen();

const dir = mkdtempSync(path.join(tmpdir(), "relgen-lsp-bench-"));
const file = path.join(dir, "schema.rel");
const text = syntheticSchema(entities);
writeFileSync(file, text);
const uri = pathToFileURL(file).href;

async function publishedFor(version: number): Promise<number> {
  while (!arrived.has(version)) await new Promise<void>((resolve) => (notify = resolve));
  return arrived.get(version)!;
}

try {
  await rpc.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
  await rpc.sendNotification("initialized", {});
  let started = performance.now();
  await rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "rel", version: 1, text } });
  const open = (await publishedFor(1)) - started;

  // a field name in the middle entity: `handle` → `handlex` → `handle` ...
  const lines = text.split("\n");
  const middle = `Account${Math.floor(entities / 12)}`;
  const entityLine = lines.findIndex((l) => l.startsWith(`entity ${middle} `));
  const line = lines.findIndex((l, i) => i > entityLine && l.trimStart().startsWith("handle"));
  const character = lines[line]!.indexOf("handle") + "handle".length;
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const typing = i % 2 === 0;
    const range = typing ? { start: { line, character }, end: { line, character } } : { start: { line, character }, end: { line, character: character + 1 } };
    started = performance.now();
    await rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range, text: typing ? "x" : "" }] });
    times.push((await publishedFor(version)) - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(`bench:lsp: ${entities} entities (${text.split("\n").length} lines, ${(text.length / 1024).toFixed(0)} KiB), ${edits} one-character edits in \`${middle}\``);
  console.log(`  didOpen → diagnostics: ${ms(open)}`);
  console.log(`  didChange → diagnostics: median ${ms(pick(0.5))}, p95 ${ms(pick(0.95))}, min ${ms(sorted[0]!)}, max ${ms(sorted.at(-1)!)}`);
} finally {
  rpc.dispose();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
