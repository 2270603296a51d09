import type { GeneratedFile } from "../contract.js";
import type { OutputDirs } from "./plan.js";
import { OutputSession } from "./session.js";

export { OutputError } from "./errors.js";
export type { OutputSession } from "./session.js";

export interface WriteOptions {
  /** The schema file (absolute, or relative to the current directory): recorded in each manifest as this build's identity. */
  readonly schema?: string;
  /** How long to wait for another build holding an output folder's lock (default 30 s). */
  readonly lockWaitMs?: number;
  /**
   * Files of the previous manifest that this write does not produce but that
   * stay relgen's, untouched and listed (migrations: a build never removes
   * one, `migrate dev` adds beside them). Absolute paths.
   */
  readonly preserve?: (absolute: string) => boolean;
  /** Which command writes, recorded in each manifest so neither writes into the other's folder (default `relgen build`). */
  readonly by?: "build" | "diagram";
  /** Refuse to replace any existing file: a migration, once written, is never overwritten. */
  readonly createOnly?: boolean;
  /**
   * Decided once the locks are held, before the first file is planned: which
   * of the files to write, and what to preserve. What is on disk (has the
   * first migration been written?) can change until then, so a decision read
   * earlier could be another build's stale view.
   */
  readonly choose?: () => Promise<{ readonly keep: (file: GeneratedFile) => boolean; readonly preserve?: (absolute: string) => boolean }>;
}

/** Paths are POSIX, relative to the code directory (see `displayPath`). */
export interface WriteReport {
  /** Created or changed. */
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  /** Files the previous build wrote that this one no longer produces, deleted. */
  readonly removed: readonly string[];
  /** Files the previous build wrote that this one no longer produces, kept (edited since) with why. */
  readonly kept: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
  /** An interrupted earlier build that was finished or undone first. */
  readonly recovered: readonly string[];
}

export interface CheckReport {
  /** True when the files on disk are exactly what generation produced (the manifest included). */
  readonly upToDate: boolean;
  /** On disk with different contents. */
  readonly changed: readonly string[];
  /** Not on disk. */
  readonly missing: readonly string[];
  /** Files the previous build wrote that generation no longer produces (a build would remove them). */
  readonly stale: readonly string[];
  readonly recovered: readonly string[];
}

/**
 * The one place relgen writes to disk; call it with every file rendered.
 * Under a lock per output folder, it finishes or undoes an interrupted
 * earlier build, plans (refusing whatever is not this build's to change),
 * then applies every change atomically: all files change or none do. Only
 * changed files are rewritten (build tools keep their mtimes); a file that
 * the previous manifest lists and this build no longer produces is removed
 * unless edited since. See docs/cli.md. `openOutput` does the same for
 * files handed over one at a time as they are generated.
 */
export async function writeGenerated(
  files: readonly GeneratedFile[],
  dirs: OutputDirs,
  options: WriteOptions = {},
): Promise<WriteReport> {
  return (await addAll(await openOutput(dirs, kindsOf(files), options, "write"), files)) as WriteReport;
}

/** `relgen build --check`: what a write would change, writing nothing (beyond finishing an interrupted build). */
export async function checkGenerated(
  files: readonly GeneratedFile[],
  dirs: OutputDirs,
  options: WriteOptions = {},
): Promise<CheckReport> {
  return (await addAll(await openOutput(dirs, kindsOf(files), options, "check"), files)) as CheckReport;
}

/**
 * Takes the output folders of `kinds` for one build (see `OutputSession`):
 * add each file as it is generated, then `finish`, or `abort` if generation fails.
 */
export function openOutput(dirs: OutputDirs, kinds: Iterable<GeneratedFile["root"]>, options: WriteOptions, mode: "write" | "check"): Promise<OutputSession> {
  return OutputSession.open(dirs, kinds, options, mode);
}

async function addAll(session: OutputSession, files: readonly GeneratedFile[]): Promise<WriteReport | CheckReport> {
  try {
    for (const file of files) await session.add(file);
  } catch (error) {
    await session.abort();
    throw error;
  }
  return session.finish();
}

function kindsOf(files: readonly GeneratedFile[]): Set<GeneratedFile["root"]> {
  return new Set(files.map((f) => f.root));
}
