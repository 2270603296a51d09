// Bundles the extension (run by vsce as `vscode:prepublish`):
// dist/extension.cjs, the client, for VS Code's CommonJS extension host;
// dist/server.mjs, the language server with the compiler, from
// packages/language-server. A .vsix then needs no node_modules.
import { build } from "esbuild";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_ENTRY = path.resolve(pkg, "../language-server/src/server.ts");
// VS Code 1.85 runs extensions, and by default the server, on its own Node 18.
const target = "node18";

/**
 * Writes the bundles into `outDir`, replacing it whole: they are built beside
 * it first, so a failed build leaves the last good one. Returns the file
 * names written, sorted.
 */
export async function bundle(outDir, serverEntry = SERVER_ENTRY) {
  // The server lives in this repository: without it the .vsix would ship a client with nothing to start.
  if (!existsSync(serverEntry)) throw new Error(`bundle: the language server entry ${serverEntry} is missing; nothing was bundled`);
  const staging = `${outDir}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await build({
      entryPoints: [path.join(pkg, "src/extension.ts")],
      outfile: path.join(staging, "extension.cjs"),
      bundle: true,
      platform: "node",
      format: "cjs",
      target,
      external: ["vscode"],
      minify: true,
      logLevel: "warning",
    });
    await build({
      entryPoints: [serverEntry],
      outfile: path.join(staging, "server.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target,
      // the workspace packages' TypeScript sources, as the tests run them: no build step first
      conditions: ["source"],
      // CommonJS dependencies (vscode-languageserver) call require() on Node built-ins
      banner: { js: 'import { createRequire as __relgenRequire } from "node:module"; const require = __relgenRequire(import.meta.url);' },
      minify: true,
      logLevel: "warning",
    });
    rmSync(outDir, { recursive: true, force: true });
    renameSync(staging, outDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return readdirSync(outDir).sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = path.join(pkg, "dist");
  const files = await bundle(dist);
  for (const name of files) console.log(`bundle: dist/${name} ${(statSync(path.join(dist, name)).size / 1024).toFixed(1)} KiB`);
}
