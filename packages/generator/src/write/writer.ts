import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { GeneratedFile } from "../contract.js";
import { displayPath, findStale, type OutputDirs, planWrites } from "./plan.js";

/** Paths are POSIX, relative to the code directory (see `displayPath`). */
export interface WriteReport {
  /** Created or changed. */
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  /** relgen files no longer produced, deleted. */
  readonly removed: readonly string[];
}

export interface CheckReport {
  /** True when the files on disk are exactly what generation produced. */
  readonly upToDate: boolean;
  /** On disk with different contents. */
  readonly changed: readonly string[];
  /** Not on disk. */
  readonly missing: readonly string[];
  /** relgen files on disk that generation no longer produces. */
  readonly stale: readonly string[];
}

/** Writing the output failed; nothing of this run was applied. `path` is absolute. */
export class OutputError extends Error {
  override readonly name = "OutputError";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

/**
 * The one place relgen writes to disk; call it with every file rendered. A
 * file is written only when its content changed (build tools keep their
 * mtimes). Every changed file is first written beside its target as a
 * temporary file; only when all of them are on disk are they renamed into
 * place, so a full disk or a blocked path leaves the previous output whole.
 * Stale relgen files (with the header) are deleted; others never touched.
 */
export async function writeGenerated(files: readonly GeneratedFile[], dirs: OutputDirs): Promise<WriteReport> {
  const plan = await planWrites(files, dirs);
  const stale = await findStale(files, dirs);
  const changed = plan.filter((p) => p.state !== "unchanged");
  const staged: Array<{ temporary: string; absolute: string }> = [];
  let current = dirs.code;
  try {
    for (const { file, absolute } of changed) {
      current = absolute;
      await mkdir(dirname(absolute), { recursive: true });
      // renaming onto a directory would fail after other files were replaced: refuse now
      if ((await stat(absolute).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error(absolute), { code: "EISDIR" });
      const temporary = `${absolute}.relgen-tmp`;
      staged.push({ temporary, absolute });
      await writeFile(temporary, file.contents, "utf8");
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temporary, { force: true })));
    throw new OutputError(current, describeIoError(error));
  }
  for (const { temporary, absolute } of staged) await rename(temporary, absolute);
  for (const file of stale) await rm(file.absolute, { force: true });
  return {
    written: changed.map((p) => displayPath(p.absolute, dirs)),
    unchanged: plan.filter((p) => p.state === "unchanged").map((p) => displayPath(p.absolute, dirs)),
    removed: stale.map((f) => displayPath(f.absolute, dirs)),
  };
}

function describeIoError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "EEXIST":
    case "ENOTDIR":
      return "a file is in the way where a directory is needed";
    case "EISDIR":
      return "a directory is in the way where a file is needed";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "no space left on the device";
    case "EROFS":
      return "the file system is read-only";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** `relgen build --check`: what a write would change, writing nothing (CI fails on any drift). */
export async function checkGenerated(files: readonly GeneratedFile[], dirs: OutputDirs): Promise<CheckReport> {
  const plan = await planWrites(files, dirs);
  const stale = await findStale(files, dirs);
  const pick = (state: "changed" | "missing") =>
    plan.filter((p) => p.state === state).map((p) => displayPath(p.absolute, dirs));
  const changed = pick("changed");
  const missing = pick("missing");
  return {
    upToDate: changed.length === 0 && missing.length === 0 && stale.length === 0,
    changed,
    missing,
    stale: stale.map((f) => displayPath(f.absolute, dirs)),
  };
}
