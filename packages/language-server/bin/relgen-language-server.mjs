#!/usr/bin/env node
// Starts the language server (dist/server.js, made by `pnpm build`); it speaks
// LSP over the channel its arguments name (`--stdio`, `--node-ipc`,
// `--socket=N`). Inside the relgen repo before a build, it runs the
// TypeScript sources through tsx instead, so an editor can point at this file
// at every stage of development.
import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const built = new URL("../dist/server.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const source = fileURLToPath(new URL("../src/server.ts", import.meta.url));
  const child = spawn(process.execPath, ["--conditions=source", "--import", import.meta.resolve("tsx"), source, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  child.on("exit", (code) => (process.exitCode = code ?? 1));
}
