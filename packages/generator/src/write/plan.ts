import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import type { GeneratedFile } from "../contract.js";
import { isGeneratedByRelgen } from "../views/header.js";

export interface OutputDirs {
  readonly code: string;
  readonly migrations: string;
}

/** A file named by its root and POSIX path under it, as reports show it. */
export interface FileRef {
  readonly root: "code" | "migrations";
  readonly path: string;
}

export type FileState = "unchanged" | "changed" | "missing";

export interface PlannedWrite {
  readonly file: GeneratedFile;
  readonly absolute: string;
  readonly state: FileState;
}

/** Compares every generated file with what is on disk; reads only. */
export async function planWrites(files: readonly GeneratedFile[], dirs: OutputDirs): Promise<PlannedWrite[]> {
  return Promise.all(
    files.map(async (file) => {
      const absolute = absolutePath(file, dirs);
      const current = await readIfExists(absolute);
      const state: FileState = current === undefined ? "missing" : current === file.contents ? "unchanged" : "changed";
      return { file, absolute, state };
    }),
  );
}

/**
 * relgen's own files (they start with its header) under the output dirs that
 * this run no longer produces. Files without the header are never listed.
 */
export async function findStale(
  files: readonly GeneratedFile[],
  dirs: OutputDirs,
): Promise<Array<FileRef & { absolute: string }>> {
  const produced = new Set(files.map((f) => absolutePath(f, dirs)));
  const stale = new Map<string, FileRef & { absolute: string }>();
  for (const root of ["code", "migrations"] as const) {
    const base = resolve(dirs[root]);
    for (const rel of await listFiles(base)) {
      const absolute = join(base, ...rel.split("/"));
      if (produced.has(absolute) || stale.has(absolute)) continue;
      const contents = await readIfExists(absolute);
      if (contents !== undefined && isGeneratedByRelgen(contents)) stale.set(absolute, { root, path: rel, absolute });
    }
  }
  return [...stale.values()].sort((a, b) => (a.absolute < b.absolute ? -1 : a.absolute > b.absolute ? 1 : 0));
}

/**
 * How reports name a file: its POSIX path relative to the code directory, so the
 * default layout reads `models/user.ts` and `migrations/sqlite/0001_init.sql`.
 */
export function displayPath(absolute: string, dirs: OutputDirs): string {
  return relative(resolve(dirs.code), absolute).split(sep).join("/");
}

export function absolutePath(file: FileRef, dirs: OutputDirs): string {
  return join(resolve(dirs[file.root]), ...file.path.split("/"));
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isNodeError(error) && (error.code === "ENOENT" || error.code === "ENOTDIR" || error.code === "EISDIR"))
      return undefined;
    throw error;
  }
}

/** Relative POSIX paths of the .ts and .sql files under `dir` (skipping node_modules and dot-folders). */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isNodeError(error) && (error.code === "ENOENT" || error.code === "ENOTDIR")) return [];
    throw error;
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      out.push(...(await listFiles(join(dir, entry.name), rel)));
    } else if (entry.isFile() && /\.(ts|sql)$/.test(entry.name)) {
      out.push(rel);
    }
  }
  return out;
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}
