import { mkdir, rename, rm, writeFile } from "node:fs/promises";
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

/**
 * The one place relgen writes to disk; call it with every file rendered. A
 * file is written only when its content changed (build tools keep their
 * mtimes), via a temporary file and a rename so a crash never leaves half a
 * file. Stale relgen files (with the header) are deleted; others never touched.
 */
export async function writeGenerated(files: readonly GeneratedFile[], dirs: OutputDirs): Promise<WriteReport> {
  const plan = await planWrites(files, dirs);
  const stale = await findStale(files, dirs);
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const { file, absolute, state } of plan) {
    if (state === "unchanged") {
      unchanged.push(displayPath(absolute, dirs));
      continue;
    }
    await mkdir(dirname(absolute), { recursive: true });
    const temporary = `${absolute}.relgen-tmp`;
    await writeFile(temporary, file.contents, "utf8");
    await rename(temporary, absolute);
    written.push(displayPath(absolute, dirs));
  }
  for (const file of stale) await rm(file.absolute, { force: true });
  return { written, unchanged, removed: stale.map((f) => displayPath(f.absolute, dirs)) };
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
