import { existsSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Which language server the extension runs. Kept apart from the VS Code API
// so the choice can be tested with plain Node.

/** The npm package of the server and the name of its bin, as the language-server package publishes them. */
export const SERVER_PACKAGE = "@relgen/language-server";
export const SERVER_BIN = "relgen-language-server";
/** Where `npm run package:vscode` bundles the server inside the extension. */
export const BUNDLED_SERVER = path.join("dist", "server.mjs");

export type ServerSource = "setting" | "bundled" | "workspace";

export interface ServerLocation {
  /** Absolute path of the JavaScript module Node runs with `--stdio`. */
  readonly module: string;
  readonly source: ServerSource;
}

/** Why no server can be started, and what the user can do about it. */
export interface ServerRefusal {
  readonly reason: string;
  readonly fix: string;
}

export interface LocateInput {
  /** `relgen.server.path` as the user wrote it ("" when unset). */
  readonly setting: string;
  /** Absolute paths of the open workspace folders, first one first. */
  readonly workspaceFolders: readonly string[];
  /** Absolute path of the installed extension. */
  readonly extensionPath: string;
  /**
   * Whether the user trusts the workspace. An untrusted one runs no code of
   * its own: its installed server is not used (VS Code already ignores its
   * `relgen.server.*` settings, declared restricted in package.json).
   */
  readonly trusted: boolean;
}

export type LocateResult = { readonly ok: true; readonly location: ServerLocation } | { readonly ok: false; readonly refusal: ServerRefusal };

/**
 * The setting wins and is never second-guessed: a wrong path is refused with
 * its reason rather than silently replaced by another server. Without it, the
 * server bundled in the extension, then one installed in a workspace folder
 * (the version a project pins), the way ESLint's and Prisma's extensions
 * prefer what they ship unless told otherwise.
 */
export function locateServer(input: LocateInput): LocateResult {
  const setting = input.setting.trim();
  if (setting !== "") return fromSetting(setting, input.workspaceFolders);

  const bundled = path.join(input.extensionPath, BUNDLED_SERVER);
  if (isFile(bundled)) return found(bundled, "bundled");

  for (const folder of input.trusted ? input.workspaceFolders : []) {
    const root = installedPackage(folder);
    if (root === undefined) continue;
    const entry = packageEntry(root);
    if (typeof entry === "string") return found(entry, "workspace");
    return { ok: false, refusal: entry };
  }
  if (!input.trusted && input.workspaceFolders.some((f) => installedPackage(f) !== undefined)) {
    return {
      ok: false,
      refusal: {
        reason: `this build of the extension has no server bundled, and the ${SERVER_PACKAGE} installed in the workspace is not run because the workspace is not trusted`,
        fix: "trust the workspace (Workspaces: Manage Workspace Trust) if you know its code, or install an extension build that bundles the server",
      },
    };
  }
  return {
    ok: false,
    refusal: {
      reason: `no relgen language server was found: this build of the extension has none bundled, and no workspace folder has ${SERVER_PACKAGE} installed`,
      fix: `install it in your project (npm install --save-dev ${SERVER_PACKAGE}), or set "relgen.server.path" to the server's JavaScript entry`,
    },
  };
}

function fromSetting(setting: string, folders: readonly string[]): LocateResult {
  const expanded = setting === "~" || setting.startsWith("~/") ? path.join(os.homedir(), setting.slice(1)) : setting;
  if (!path.isAbsolute(expanded) && folders.length === 0) {
    return {
      ok: false,
      refusal: {
        reason: `"relgen.server.path" is the relative path "${setting}", but no workspace folder is open to resolve it against`,
        fix: `open the project folder, or make "relgen.server.path" an absolute path`,
      },
    };
  }
  const target = path.resolve(folders[0] ?? "", expanded);
  if (!existsSync(target)) {
    return {
      ok: false,
      refusal: {
        reason: `"relgen.server.path" points at ${target}, which does not exist`,
        fix: `set it to the server's JavaScript entry (or the ${SERVER_PACKAGE} package folder), or clear it to use the bundled server`,
      },
    };
  }
  if (isFile(target)) return found(target, "setting");
  // A package folder: run the bin it declares, as `npx relgen-language-server` would.
  const entry = packageEntry(target);
  return typeof entry === "string" ? found(entry, "setting") : { ok: false, refusal: entry };
}

/** The folder of the server package installed for `folder` (Node's lookup: node_modules here, then in each parent). */
function installedPackage(folder: string): string | undefined {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", ...SERVER_PACKAGE.split("/"));
    if (isFile(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The server module of the package in `root`: its `relgen-language-server` bin. */
function packageEntry(root: string): string | ServerRefusal {
  const manifestPath = path.join(root, "package.json");
  let manifest: { bin?: unknown };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: unknown };
  } catch (err) {
    return {
      reason: `${manifestPath} cannot be read as JSON (${err instanceof Error ? err.message : String(err)})`,
      fix: `reinstall ${SERVER_PACKAGE}, or point "relgen.server.path" at the server's JavaScript entry`,
    };
  }
  const bin = manifest.bin;
  const relative = typeof bin === "string" ? bin : typeof bin === "object" && bin !== null ? (bin as Record<string, unknown>)[SERVER_BIN] : undefined;
  if (typeof relative !== "string") {
    return {
      reason: `${manifestPath} declares no "${SERVER_BIN}" bin, so there is no server to run in ${root}`,
      fix: `point "relgen.server.path" at the server's JavaScript entry instead of the folder`,
    };
  }
  const entry = path.resolve(root, relative);
  if (!isFile(entry)) {
    return {
      reason: `the "${SERVER_BIN}" bin of ${manifestPath} is ${entry}, which does not exist`,
      fix: `build or reinstall ${SERVER_PACKAGE}`,
    };
  }
  return entry;
}

function found(module: string, source: ServerSource): LocateResult {
  return { ok: true, location: { module, source } };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
