// Small process helpers shared by setup.mjs and test.mjs (plain Node: they
// run before anything is installed).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const PNPM_VERSION = "10.34.8";

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  return result.status ?? 1;
}

export function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`relgen needs Node.js >= 20.19 (this is ${process.versions.node}).`);
    process.exit(2);
  }
}

/** pnpm from the workspace once installed, else through npx (it only needs npm). */
export function pnpm(args, options = {}) {
  const local = `${root}node_modules/.bin/pnpm`;
  if (existsSync(local)) return run(local, args, options);
  return run("npx", ["--yes", `pnpm@${PNPM_VERSION}`, ...args], options);
}

export function isInstalled() {
  return existsSync(`${root}node_modules/.modules.yaml`) && existsSync(`${root}node_modules/.bin/vitest`);
}

export function install() {
  // The lockfile is the truth in CI; locally a changed package.json may update it.
  const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
  return pnpm(["install", ...frozen]);
}
