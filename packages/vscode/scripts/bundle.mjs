// Bundles the extension into dist/ (run by vsce as `vscode:prepublish`):
// dist/extension.cjs, the client, for VS Code's CommonJS extension host;
// dist/server.mjs, the language server with the compiler, when this
// workspace has packages/language-server. A .vsix then needs no node_modules.
import { build } from "esbuild";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(pkg, "dist");
const serverEntry = path.resolve(pkg, "../language-server/src/server.ts");
// VS Code 1.85 runs extensions, and by default the server, on its own Node 18.
const target = "node18";

// Built beside dist/ and swapped in whole: a failed build leaves the last good one.
const staging = path.join(pkg, `.dist-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging);
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
  if (existsSync(serverEntry)) {
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
  } else {
    console.warn(`bundle: ${path.relative(pkg, serverEntry)} is not in this workspace; the extension will look for the server in the user's project (see README)`);
  }
  rmSync(dist, { recursive: true, force: true });
  renameSync(staging, dist);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
for (const name of readdirSync(dist).sort()) {
  console.log(`bundle: dist/${name} ${(statSync(path.join(dist, name)).size / 1024).toFixed(1)} KiB`);
}
