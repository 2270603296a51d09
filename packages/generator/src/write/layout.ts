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

/**
 * Places each file in its root and refuses, before it is read or written, a
 * path that escapes its root, uses relgen's reserved names, or collides with
 * another (equal ignoring case — one file on macOS and Windows — or a file
 * where another needs a folder), as soon as the files seen so far show it.
 */
export class Placer {
  private readonly roots = new Map<string, OutputRoot>();
  /** Folded path → path as generated, per root; and every folder of a placed file, the same way. */
  private readonly files = new Map<string, string>();
  private readonly folders = new Map<string, string>();
  private readonly outer: string | undefined;

  constructor(private readonly dirs: OutputDirs) {
    const code = resolve(dirs.code);
    const migrations = resolve(dirs.migrations);
    const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
    this.outer = inside(migrations, code) ? code : inside(code, migrations) ? migrations : undefined;
  }

  /** The roots files of these kinds go to, sorted by directory so locks are always taken in one order. */
  rootsOf(kinds: Iterable<GeneratedFile["root"]>): OutputRoot[] {
    const used = new Set([...kinds].map((kind) => this.rootFor(kind)));
    return [...used].sort((a, b) => (a.dir < b.dir ? -1 : 1));
  }

  place(file: GeneratedFile): Target {
    const base = resolve(this.dirs[file.root]);
    const root = this.rootFor(file.root);
    const problem = unsafePath(file.path);
    if (problem) throw new OutputError(join(base, file.path), `the generated path "${file.path}" ${problem}`, REPORT_BUG);
    const absolute = join(base, ...file.path.split("/"));
    const rel = relative(root.dir, absolute).split(sep).join("/");
    const key = `${root.dir}\0${foldCase(rel)}`;
    const other = this.files.get(key);
    if (other !== undefined) {
      throw new OutputError(
        absolute,
        other === rel
          ? `two generated files have the same path "${rel}"`
          : `the generated files "${other}" and "${rel}" differ only in case, and are one file on macOS and Windows`,
        "rename one of the entities (or enums) so their names differ by more than case",
      );
    }
    // A file where another file needs a folder ("a.ts" and "a.ts/b.ts"), whichever comes first.
    const asFolder = this.folders.get(key);
    if (asFolder !== undefined) throw new OutputError(absolute, `"${rel}" is both a generated file and a folder of "${asFolder}"`, REPORT_BUG);
    const parts = rel.split("/");
    for (let i = 1; i < parts.length; i++) {
      const folderKey = `${root.dir}\0${foldCase(parts.slice(0, i).join("/"))}`;
      const clash = this.files.get(folderKey);
      if (clash !== undefined) throw new OutputError(absolute, `"${clash}" is both a generated file and a folder of "${rel}"`, REPORT_BUG);
      if (!this.folders.has(folderKey)) this.folders.set(folderKey, rel);
    }
    this.files.set(key, rel);
    return { root, rel, absolute, contents: file.contents };
  }

  private rootFor(kind: GeneratedFile["root"]): OutputRoot {
    const dir = this.outer ?? resolve(this.dirs[kind]);
    let root = this.roots.get(dir);
    if (root === undefined) this.roots.set(dir, (root = { dir }));
    return root;
  }
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
