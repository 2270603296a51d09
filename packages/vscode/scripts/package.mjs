// `npm run package:vscode`: packs the extension into relgen-vscode-<version>.vsix
// with @vscode/vsce, the standard tool. vsce is installed on first use into
// node_modules/.cache (not a dependency: `npm run setup` never downloads it),
// without install scripts, so nothing fetches binaries from outside the npm registry.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const VSCE_VERSION = "3.9.1"; // the last line that runs on Node 20; 4.x needs Node 22
const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repo = path.resolve(pkg, "../..");
const cache = path.join(repo, "node_modules", ".cache", "relgen-vsce", VSCE_VERSION);
const vsce = path.join(cache, "node_modules", "@vscode", "vsce", "vsce");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command, args, cwd, what) {
  // pnpm's own npm_config_* settings make the npm that vsce runs warn about each one
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_config_")));
  const result = spawnSync(command, args, { cwd, env, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    console.error(`package: ${what} failed (exit ${result.status ?? result.signal}); nothing was packaged.`);
    process.exit(result.status || 1);
  }
}

if (!existsSync(vsce)) {
  console.log(`package: installing @vscode/vsce@${VSCE_VERSION} into ${path.relative(repo, cache)} (once)`);
  // installed beside the cache and moved in whole, so an interrupted install is never mistaken for a finished one
  const staging = `${cache}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  run(npm, ["install", "--prefix", staging, "--no-package-lock", "--no-save", "--ignore-scripts", "--omit=optional", "--no-audit", "--no-fund", "--loglevel=error", `@vscode/vsce@${VSCE_VERSION}`], staging, `installing @vscode/vsce@${VSCE_VERSION} from the npm registry`);
  rmSync(cache, { recursive: true, force: true });
  renameSync(staging, cache);
}

const { name, version } = JSON.parse(readFileSync(path.join(pkg, "package.json"), "utf8"));
const out = path.join(pkg, `${name}-${version}.vsix`);
const partial = path.join(pkg, `.${name}-${version}.${process.pid}.vsix`);
// vsce runs `vscode:prepublish` (scripts/bundle.mjs) first. Dependencies are in the bundles, so none are packed.
run(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--out", partial], pkg, "vsce package");
renameSync(partial, out);
console.log(`package: ${path.relative(repo, out)} (${(statSync(out).size / 1024).toFixed(1)} KiB)`);
// relative to where the user typed `npm run package:vscode` (npm and pnpm set INIT_CWD)
console.log(`install it with: code --install-extension ${path.relative(process.env.INIT_CWD ?? repo, out)}`);
