#!/usr/bin/env node
// Runs the bundled CLI (dist/relgen.mjs, made by `pnpm build`). Inside the
// relgen repo before a build, it runs the TypeScript sources instead (through
// tsx, resolving workspace packages to their src/), so `pnpm relgen` works at
// every stage of development.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bundled = new URL("../dist/relgen.mjs", import.meta.url);
if (existsSync(bundled)) {
  await import(bundled.href);
} else {
  const source = fileURLToPath(new URL("../src/cli/run.ts", import.meta.url));
  const child = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", import.meta.resolve("tsx"), source, ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  process.exitCode = child.status ?? 1;
}
