#!/usr/bin/env node
// Runs the compiled CLI. Inside the relgen repo before `pnpm build`, it runs
// the TypeScript sources instead (through tsx, resolving workspace packages
// to their src/), so `pnpm relgen` works at every stage of development.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const compiled = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(compiled)) {
  const { main } = await import(compiled.href);
  process.exitCode = await main(process.argv.slice(2));
} else {
  const source = fileURLToPath(new URL("../src/cli/run.ts", import.meta.url));
  const child = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", import.meta.resolve("tsx"), source, ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  process.exitCode = child.status ?? 1;
}
