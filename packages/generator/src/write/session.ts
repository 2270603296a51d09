import { access, constants } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { GeneratedFile, OutputRoot as RootKind } from "../contract.js";
import { removeEmptyFolders } from "./errors.js";
import { MANIFEST_NAME, Placer, type OutputRoot } from "./layout.js";
import { acquireLock, DEFAULT_LOCK_WAIT_MS, type HeldLock } from "./lock.js";
import { displayPath, type OutputDirs, type PlannedFile, type RootPlan, RootPlanner } from "./plan.js";
import { recoverInterrupted, Staging } from "./transaction.js";
import type { CheckReport, WriteOptions, WriteReport } from "./writer.js";

/** A file as planned, with where it sorts in the report: by root kind, then path, as `generate` sorts. */
interface Entry {
  readonly kind: RootKind;
  readonly path: string;
  readonly planned: PlannedFile;
}

interface RootState {
  readonly planner: Promise<RootPlanner>;
  readonly entries: Entry[];
}

/**
 * One build's hold on its output folders, from before the first file is
 * generated until the last is in place: `add` plans each file as it comes and
 * stages the ones that change, `finish` swaps them all into place at once. Until `finish`
 * commits, nothing outside relgen's staging folders changes, so a generation
 * that fails midway is abandoned with `abort` and leaves the output as it was.
 */
export class OutputSession {
  private readonly roots = new Map<OutputRoot, RootState>();
  private readonly staging = new Staging();
  private failure: { readonly error: unknown } | undefined;
  private done = false;

  private constructor(
    private readonly dirs: OutputDirs,
    private readonly placer: Placer,
    private readonly order: readonly OutputRoot[],
    private readonly locks: Locks,
    private readonly options: WriteOptions,
    private readonly keep: (file: GeneratedFile) => boolean,
    private readonly preserve: ((absolute: string) => boolean) | undefined,
    private readonly mode: "write" | "check",
  ) {}

  /**
   * Locks the roots files of `kinds` go to (a check only those it may write),
   * finishes or undoes an interrupted earlier build there, then lets
   * `options.choose` decide under the locks.
   */
  static async open(dirs: OutputDirs, kinds: Iterable<RootKind>, options: WriteOptions, mode: "write" | "check"): Promise<OutputSession> {
    const placer = new Placer(dirs);
    const order = placer.rootsOf(kinds);
    const locks = await Locks.take(order, options, mode === "write");
    try {
      const chosen = await options.choose?.();
      return new OutputSession(dirs, placer, order, locks, options, chosen?.keep ?? (() => true), chosen?.preserve ?? options.preserve, mode);
    } catch (error) {
      await locks.release(false);
      throw error;
    }
  }

  get recovered(): readonly string[] {
    return this.locks.recovered;
  }

  /**
   * Plans one file and, when it changes, stages it. After a failure the
   * session only aborts: every later `add` and `finish` throw it again.
   */
  async add(file: GeneratedFile): Promise<void> {
    if (this.failure !== undefined) throw this.failure.error;
    try {
      if (!this.keep(file)) return;
      const target = this.placer.place(file);
      const state = this.rootState(target.root);
      const planned = await (await state.planner).plan(target);
      state.entries.push({ kind: file.root, path: file.path, planned });
      if (this.mode === "write" && planned.state !== "unchanged") {
        await this.staging.stage(target.root, { rel: target.rel, contents: target.contents, existed: planned.state === "changed" });
      }
    } catch (error) {
      this.failure ??= { error };
      throw error;
    }
  }

  /** Writes everything added (a check: reports how the disk differs), then lets go of the locks. */
  async finish(): Promise<WriteReport | CheckReport> {
    try {
      const plans = await this.plans();
      const report = this.mode === "write" ? await this.commit(plans) : this.check(plans);
      await this.locks.release(true);
      this.done = true;
      return report;
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Abandons the build: staged files are removed, the output is as it was, the locks are let go. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.staging.discard();
    await this.locks.release(false);
  }

  private rootState(root: OutputRoot): RootState {
    let state = this.roots.get(root);
    if (state === undefined) {
      const planning = {
        ...this.options,
        ...(this.preserve === undefined ? {} : { preserve: this.preserve }),
        // A write trusts the manifest for files untouched since it was written; a check (CI's guard) reads every file.
        trustManifest: this.mode === "write",
      };
      const planner = RootPlanner.open(root, planning);
      planner.catch(() => undefined); // its failure is the first `plan`'s
      this.roots.set(root, (state = { planner, entries: [] }));
    }
    return state;
  }

  /** Every root that received a file, planned whole once every file has been. */
  private async plans(): Promise<RootPlan[]> {
    if (this.failure !== undefined) throw this.failure.error;
    const plans: RootPlan[] = [];
    for (const root of this.order) {
      const state = this.roots.get(root);
      if (state === undefined) continue;
      const files = state.entries.sort(byKindThenPath).map((e) => e.planned);
      plans.push(await (await state.planner).finish(files));
    }
    return plans;
  }

  private async commit(plans: readonly RootPlan[]): Promise<WriteReport> {
    for (const plan of plans) {
      for (const l of plan.leftovers) if (l.kept === undefined) await this.staging.stage(plan.root, { rel: l.rel, contents: null, existed: true });
      // Staged last, so every file it lists is older than it (see `fileState` in plan.ts).
      if (plan.manifest.state !== "unchanged") {
        await this.staging.stage(plan.root, { rel: MANIFEST_NAME, contents: plan.manifest.text, existed: plan.manifest.state === "changed" });
      }
    }
    await this.staging.commit(this.order);
    for (const p of plans)
      for (const l of p.leftovers) if (l.kept === undefined) await removeEmptyFolders(dirname(l.absolute), p.root.dir);
    const show = (absolute: string) => displayPath(absolute, this.dirs);
    const leftovers = plans.flatMap((p) => p.leftovers);
    const all = plans.flatMap((p) => p.files);
    return {
      written: all.filter((f) => f.state !== "unchanged").map((f) => show(f.absolute)),
      unchanged: all.filter((f) => f.state === "unchanged").map((f) => show(f.absolute)),
      removed: leftovers.filter((l) => l.kept === undefined).map((l) => show(l.absolute)),
      kept: leftovers.flatMap((l) => (l.kept === undefined ? [] : [{ path: show(l.absolute), reason: l.kept }])),
      recovered: this.recovered,
    };
  }

  private check(plans: readonly RootPlan[]): CheckReport {
    const show = (absolute: string) => displayPath(absolute, this.dirs);
    const pick = (state: "changed" | "missing") => [
      ...plans.flatMap((p) => p.files.filter((f) => f.state === state).map((f) => show(f.absolute))),
      ...plans.filter((p) => p.manifest.state === state).map((p) => show(join(p.root.dir, MANIFEST_NAME))),
    ];
    const changed = pick("changed");
    const missing = pick("missing");
    const stale = plans.flatMap((p) => p.leftovers.filter((l) => l.kept === undefined).map((l) => show(l.absolute)));
    return { upToDate: changed.length + missing.length + stale.length === 0, changed, missing, stale, recovered: this.recovered };
  }
}

function byKindThenPath(a: Entry, b: Entry): number {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * Every root's lock (taken in path order), held until `release`, after
 * recovering any interrupted build there. `create`: make missing roots (a
 * check skips a root that does not exist, or that it may not write: there is
 * nothing to lock). A failed build removes the folders its locks created.
 */
class Locks {
  private constructor(
    private readonly held: readonly HeldLock[],
    readonly recovered: readonly string[],
  ) {}

  static async take(roots: readonly OutputRoot[], options: WriteOptions, create: boolean): Promise<Locks> {
    const wait = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    const held: HeldLock[] = [];
    const locks = new Locks(held, []);
    try {
      for (const root of roots) {
        // A check reads only: a folder that does not exist, or that it may not write (a read-only CI checkout), is not locked.
        if (!create && !(await writable(root.dir))) continue;
        held.push(await acquireLock(root.dir, wait));
      }
      const recovered: string[] = [];
      for (const root of roots) {
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
      return new Locks(held, recovered);
    } catch (error) {
      await locks.release(false);
      throw error;
    }
  }

  async release(ok: boolean): Promise<void> {
    for (const lock of this.held) {
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
