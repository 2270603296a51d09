import { access, constants } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { GeneratedFile } from "../contract.js";
import { removeEmptyFolders } from "./errors.js";
import { layOut, MANIFEST_NAME, type Layout } from "./layout.js";
import { acquireLock, DEFAULT_LOCK_WAIT_MS, type HeldLock } from "./lock.js";
import { displayPath, type OutputDirs, planOutput, type RootPlan } from "./plan.js";
import { applyAtomically, recoverInterrupted, type RootChanges } from "./transaction.js";

export { OutputError } from "./errors.js";

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
  /** Refuse to replace any existing file: a migration, once written, is never overwritten. */
  readonly createOnly?: boolean;
  /**
   * Decided once the locks are held, before planning: which of the files to
   * write, and what to preserve. What is on disk (has the first migration
   * been written?) can change until then, so a decision read earlier could be
   * another build's stale view.
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
 * unless edited since. See docs/cli.md.
 */
export async function writeGenerated(
  files: readonly GeneratedFile[],
  dirs: OutputDirs,
  options: WriteOptions = {},
): Promise<WriteReport> {
  return underLocks(files, dirs, options, true, async (plans, recovered, show) => {
    await applyAtomically(plans.map(changesOf));
    for (const p of plans)
      for (const l of p.leftovers) if (l.kept === undefined) await removeEmptyFolders(dirname(l.absolute), p.root.dir);
    const leftovers = plans.flatMap((p) => p.leftovers);
    const all = plans.flatMap((p) => p.files);
    return {
      written: all.filter((f) => f.state !== "unchanged").map((f) => show(f.target.absolute)),
      unchanged: all.filter((f) => f.state === "unchanged").map((f) => show(f.target.absolute)),
      removed: leftovers.filter((l) => l.kept === undefined).map((l) => show(l.absolute)),
      kept: leftovers.flatMap((l) => (l.kept === undefined ? [] : [{ path: show(l.absolute), reason: l.kept }])),
      recovered,
    };
  });
}

/** `relgen build --check`: what a write would change, writing nothing (beyond finishing an interrupted build). */
export async function checkGenerated(
  files: readonly GeneratedFile[],
  dirs: OutputDirs,
  options: WriteOptions = {},
): Promise<CheckReport> {
  return underLocks(files, dirs, options, false, async (plans, recovered, show) => {
    const pick = (state: "changed" | "missing") => [
      ...plans.flatMap((p) => p.files.filter((f) => f.state === state).map((f) => show(f.target.absolute))),
      ...plans.filter((p) => p.manifest.state === state).map((p) => show(join(p.root.dir, MANIFEST_NAME))),
    ];
    const changed = pick("changed");
    const missing = pick("missing");
    const stale = plans.flatMap((p) => p.leftovers.filter((l) => l.kept === undefined).map((l) => show(l.absolute)));
    return { upToDate: changed.length + missing.length + stale.length === 0, changed, missing, stale, recovered };
  });
}

function changesOf(plan: RootPlan): RootChanges {
  return {
    root: plan.root,
    changes: [
      ...plan.files
        .filter((f) => f.state !== "unchanged")
        .map((f) => ({ rel: f.target.rel, contents: f.target.contents, existed: f.state === "changed" })),
      ...plan.leftovers.filter((l) => l.kept === undefined).map((l) => ({ rel: l.rel, contents: null, existed: true })),
      ...(plan.manifest.state === "unchanged" ? [] : [{ rel: MANIFEST_NAME, contents: plan.manifest.text, existed: plan.manifest.state === "changed" }]),
    ],
  };
}

/** Lays the files out, then plans and runs `work` under the locks (paths shown relative to the code directory). */
function underLocks<T>(
  files: readonly GeneratedFile[],
  dirs: OutputDirs,
  options: WriteOptions,
  create: boolean,
  work: (plans: RootPlan[], recovered: string[], show: (absolute: string) => string) => Promise<T>,
): Promise<T> {
  const layout = layOut(files, dirs);
  return withLocks(layout, options, create, async (recovered) => {
    const chosen = await options.choose?.();
    const used = chosen === undefined ? layout : layOut(files.filter(chosen.keep), dirs);
    // A write trusts the manifest for files untouched since it was written; a check (CI's guard) reads every file.
    const planning = { ...options, ...(chosen?.preserve === undefined ? {} : { preserve: chosen.preserve }), trustManifest: create };
    return work(await planOutput(used, planning), recovered, (absolute) => displayPath(absolute, dirs));
  });
}

/**
 * Runs `work` holding every root's lock (taken in path order), after
 * recovering any interrupted build there. `create`: make missing roots (a
 * check skips a root that does not exist: there is nothing to lock or read).
 * A failed run removes the folders it created.
 */
async function withLocks<T>(
  layout: Layout,
  options: WriteOptions,
  create: boolean,
  work: (recovered: string[]) => Promise<T>,
): Promise<T> {
  const wait = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  const held: HeldLock[] = [];
  let ok = false;
  try {
    for (const root of layout.roots) {
      // A check reads only: a folder that does not exist, or that it may not write (a read-only CI checkout), is not locked.
      if (!create && !(await writable(root.dir))) continue;
      held.push(await acquireLock(root.dir, wait));
    }
    const recovered: string[] = [];
    for (const root of layout.roots) {
      if (!held.some((h) => h.dir === root.dir)) continue;
      recovered.push(
        ...(await recoverInterrupted(root, async (others) => {
          const extra: HeldLock[] = [];
          try {
            for (const dir of others) if (!held.some((h) => h.dir === dir)) extra.push(await acquireLock(dir, wait));
          } catch (error) {
            await Promise.all(extra.map((l) => l.release()));
            throw error;
          }
          return async () => void (await Promise.all(extra.map((l) => l.release())));
        })),
      );
    }
    const result = await work(recovered);
    ok = true;
    return result;
  } finally {
    for (const lock of held) {
      await lock.release();
      if (!ok && lock.created !== undefined) await removeEmptyFolders(lock.dir, dirname(lock.created));
    }
  }
}

async function writable(dir: string): Promise<boolean> {
  return access(dir, constants.W_OK).then(
    () => true,
    () => false,
  );
}
