import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { GeneratedFile } from "../contract.js";
import type { OutputDirs } from "./plan.js";
import { OutputError } from "./errors.js";

/** relgen's own bookkeeping in an output root; generated paths may not use the prefix. */
export const MANIFEST_NAME = ".relgen-manifest.json";
export const LOCK_NAME = ".relgen-lock";
export const STAGE_PREFIX = ".relgen-stage-";
const RESERVED_PREFIX = ".relgen-";

/**
 * A folder a build owns: it holds the build's manifest and lock. The code
 * directory is one; the migrations directory is a second only when it is not
 * inside the code directory (and the other way round), so the default layout
 * has one manifest listing `migrations/…` too.
 */
export interface OutputRoot {
  readonly dir: string;
}

/** One generated file placed in its root. */
export interface Target {
  readonly root: OutputRoot;
  /** POSIX path relative to the root. */
  readonly rel: string;
  readonly absolute: string;
  readonly contents: string;
}

export interface Layout {
  /** Sorted by directory, so locks are always taken in one order. */
  readonly roots: readonly OutputRoot[];
  readonly targets: readonly Target[];
}

/**
 * Places every file in its root and refuses, before anything is read or
 * written, a path that escapes its root, uses relgen's reserved names, or
 * collides with another (equal ignoring case — one file on macOS and Windows
 * — or a file where another needs a folder).
 */
export function layOut(files: readonly GeneratedFile[], dirs: OutputDirs): Layout {
  const code = resolve(dirs.code);
  const migrations = resolve(dirs.migrations);
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
  const outer = inside(migrations, code) ? code : inside(code, migrations) ? migrations : undefined;
  const roots = new Map<string, OutputRoot>();
  const rootFor = (dir: string): OutputRoot => {
    const existing = roots.get(dir);
    if (existing) return existing;
    const root = { dir };
    roots.set(dir, root);
    return root;
  };
  const targets: Target[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const base = resolve(dirs[file.root]);
    const root = rootFor(outer ?? base);
    const problem = unsafePath(file.path);
    if (problem) throw new OutputError(join(base, file.path), `the generated path "${file.path}" ${problem}`, REPORT_BUG);
    const absolute = join(base, ...file.path.split("/"));
    const rel = relative(root.dir, absolute).split(sep).join("/");
    const key = `${root.dir}\0${foldCase(rel)}`;
    const other = seen.get(key);
    if (other !== undefined) {
      throw new OutputError(
        absolute,
        other === rel
          ? `two generated files have the same path "${rel}"`
          : `the generated files "${other}" and "${rel}" differ only in case, and are one file on macOS and Windows`,
        "rename one of the entities (or enums) so their names differ by more than case",
      );
    }
    seen.set(key, rel);
    targets.push({ root, rel, absolute, contents: file.contents });
  }
  // A file where another file needs a folder ("a.ts" and "a.ts/b.ts").
  for (const target of targets) {
    const parts = target.rel.split("/");
    for (let i = 1; i < parts.length; i++) {
      const other = seen.get(`${target.root.dir}\0${foldCase(parts.slice(0, i).join("/"))}`);
      if (other !== undefined)
        throw new OutputError(target.absolute, `"${other}" is both a generated file and a folder of "${target.rel}"`, REPORT_BUG);
    }
  }
  return { roots: [...roots.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1)), targets };
}

const REPORT_BUG = "this is a bug in relgen; please report it with the schema";

function foldCase(path: string): string {
  return path.normalize("NFC").toLowerCase();
}

/** Why a POSIX path relative to a root is not one relgen writes (or reads from a manifest); undefined if fine. */
export function unsafePath(path: string): string | undefined {
  if (path === "" || isAbsolute(path) || /^[A-Za-z]:/.test(path)) return "is not relative to its folder";
  if (/[\\\0]/.test(path)) return "contains a backslash or NUL";
  const parts = path.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return "escapes its folder or has an empty segment";
  if (parts.some((p) => p.startsWith(RESERVED_PREFIX))) return `uses relgen's reserved prefix "${RESERVED_PREFIX}"`;
  return undefined;
}
