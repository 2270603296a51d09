import { writeFileSync } from "node:fs";
import { copyFile, link, mkdir, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join } from "node:path";
import { describeIoError, isNodeError, lstatIfExists, OutputError } from "./errors.js";
import { MANIFEST_NAME, STAGE_PREFIX, unsafePath, type OutputRoot } from "./layout.js";
import { IO_CONCURRENCY, mapLimit } from "./pool.js";

/** One file of a root to replace (`contents`) or delete (`null`). */
export interface Change {
  /** POSIX path relative to the root. */
  readonly rel: string;
  readonly contents: string | null;
  /** Whether the plan found the file on disk: it is then kept in the stage before being replaced. */
  readonly existed: boolean;
}

/**
 * The journal, `journal.json` in each staging folder, written before the
 * first file moves. `stages` lists every staging folder of the build, the
 * first deciding: the build happened iff it holds `COMMITTED`.
 */
interface Journal {
  readonly relgen: 1;
  readonly stages: readonly string[];
  readonly ops: ReadonlyArray<{ readonly rel: string; readonly replace: boolean; readonly existed: boolean }>;
}

const JOURNAL = "journal.json";
const COMMITTED = "COMMITTED";
/** Test-only: pause (hang) after this many files were moved, or once `committed`, so a test can kill the build there. */
export const PAUSE_ENV = "RELGEN_TEST_PAUSE_MID_SWAP";

interface Stage {
  readonly root: OutputRoot;
  readonly dir: Promise<string>;
  readonly ops: Array<Journal["ops"][number]>;
}

/**
 * Applies every change of every root, or none. Each root gets a fresh staging
 * folder (`mkdtemp` inside the root, so renames stay on one file system and
 * no name is predictable) holding the new files, staged one at a time as a
 * build generates them (so no build holds all its files' text at once). On
 * `commit` a journal is written; then each file's previous version is kept in
 * the stage (hard link, or a copy) and the new one renamed over it. A failure
 * restores every previous version; a killed build leaves the journal for
 * `recoverInterrupted`. Nothing outside the staging folders changes before `commit`.
 */
export class Staging {
  private readonly stages = new Map<OutputRoot, Stage>();

  /**
   * Puts `change` in its root's stage (made on the first change). The write is
   * synchronous on purpose: between two generated files the thread pool sat idle
   * until the next turn of the event loop, and waiting on it cost a 1,000-entity
   * build about 0.3 s more than the writes themselves.
   */
  async stage(root: OutputRoot, change: Change): Promise<void> {
    let stage = this.stages.get(root);
    if (stage === undefined) this.stages.set(root, (stage = { root, dir: makeStage(root.dir), ops: [] }));
    const i = stage.ops.length;
    stage.ops.push({ rel: change.rel, replace: change.contents !== null, existed: change.existed });
    const dir = await stage.dir;
    if (change.contents === null) return;
    try {
      writeFileSync(join(dir, "new", String(i)), change.contents, { flag: "wx" });
    } catch (error) {
      throw new OutputError(root.dir, describeIoError(error));
    }
  }

  /** Removes every staging folder: the build is abandoned before anything moved. */
  async discard(): Promise<void> {
    await Promise.all([...this.stages.values()].map((s) => s.dir.then((dir) => rm(dir, { recursive: true, force: true }), () => undefined)));
  }

  /**
   * Writes the journals, then swaps every staged change into place, or none.
   * `order` lists the roots, the deciding one first (roots without a change are skipped).
   * Every `stage` call must have settled.
   */
  async commit(order: readonly OutputRoot[]): Promise<void> {
    const active = order.map((root) => this.stages.get(root)).filter((s): s is Stage => s !== undefined);
    if (active.length === 0) return;
    const stages: string[] = [];
    let current = active[0]!.root.dir;
    try {
      for (const stage of active) {
        current = stage.root.dir;
        stages.push(await stage.dir);
      }
      for (const [s, stage] of active.entries()) {
        current = stage.root.dir;
        const journal: Journal = { relgen: 1, stages, ops: stage.ops };
        await writeFile(join(stages[s]!, `${JOURNAL}.part`), JSON.stringify(journal), { flag: "wx" });
        await rename(join(stages[s]!, `${JOURNAL}.part`), join(stages[s]!, JOURNAL));
      }
    } catch (error) {
      await this.discard();
      throw error instanceof OutputError ? error : new OutputError(current, describeIoError(error));
    }
    await swapAll(active.map((stage, s) => ({ dir: stage.root.dir, stage: stages[s]!, ops: stage.ops })), stages);
  }
}

async function makeStage(rootDir: string): Promise<string> {
  try {
    const stage = await mkdtemp(join(rootDir, STAGE_PREFIX));
    await mkdir(join(stage, "new"));
    await mkdir(join(stage, "old"));
    return stage;
  } catch (error) {
    throw new OutputError(rootDir, describeIoError(error));
  }
}

async function swapAll(
  active: ReadonlyArray<{ readonly dir: string; readonly stage: string; readonly ops: Journal["ops"] }>,
  stages: readonly string[],
): Promise<void> {
  // Test-only pausing counts moves one at a time, so the kill lands where the test says.
  const pauseAfter = Number(process.env[PAUSE_ENV] ?? Number.NaN);
  const concurrency = Number.isNaN(pauseAfter) ? IO_CONCURRENCY : 1;
  const folders = new Map<string, Promise<unknown>>();
  let moved = 0;
  try {
    for (const { dir, stage, ops } of active) {
      await mapLimit(ops, concurrency, async (op, i) => {
        const target = join(dir, op.rel);
        try {
          await swap(op, target, join(stage, "new", String(i)), join(stage, "old", String(i)), folders);
        } catch (error) {
          throw error instanceof OutputError ? error : new OutputError(target, describeIoError(error));
        }
        if (++moved === pauseAfter) await pauseForTest();
      });
    }
    await writeFile(join(stages[0]!, COMMITTED), "", { flag: "wx" });
    if (process.env[PAUSE_ENV] === "committed") await pauseForTest();
  } catch (error) {
    await settle(stages, false);
    throw error instanceof OutputError ? error : new OutputError(active[0]!.dir, describeIoError(error));
  }
  await settle(stages, true);
}

/**
 * Puts one change in place, its previous version kept at `old`. A file the
 * plan found missing must still be missing: one that appeared meanwhile is
 * not relgen's, so the build stops (and is undone) rather than replace it.
 */
async function swap(op: Journal["ops"][number], target: string, staged: string, old: string, folders: Map<string, Promise<unknown>>): Promise<void> {
  if (!op.replace) return rename(target, old);
  if (op.existed) {
    await keepPrevious(target, old);
  } else {
    if (await lstatIfExists(target)) {
      throw new OutputError(target, "appeared while relgen was writing (another program is writing this folder)", "run relgen again once it is done");
    }
    const dir = dirname(target);
    let made = folders.get(dir);
    if (made === undefined) folders.set(dir, (made = mkdir(dir, { recursive: true })));
    await made;
  }
  await rename(staged, target);
}

/**
 * Finishes or undoes a build that was killed mid-swap, before anything else
 * happens in `root`: every staging folder in it is either incomplete (no
 * journal: nothing moved yet, removed) or journaled (the whole build is
 * undone unless its first stage is marked committed). `lockOthers` locks a
 * root of that build other than this one. Returns one line per build handled.
 */
export async function recoverInterrupted(
  root: OutputRoot,
  lockOthers: (dirs: readonly string[]) => Promise<() => Promise<void>>,
): Promise<string[]> {
  const notes: string[] = [];
  let names: string[];
  try {
    names = await readdir(root.dir);
  } catch {
    return notes;
  }
  for (const name of names.filter((n) => n.startsWith(STAGE_PREFIX)).sort()) {
    const stage = join(root.dir, name);
    if (!(await lstatIfExists(stage))?.isDirectory()) continue; // not ours: never followed or removed
    const journal = await readJournal(stage);
    if (!journal) {
      await rm(stage, { recursive: true, force: true });
      continue;
    }
    const stages = journal.stages.includes(stage) ? journal.stages : [stage];
    const unlock = await lockOthers(stages.map((s) => dirname(s)).filter((d) => d !== root.dir));
    try {
      const committed = (await lstatIfExists(join(stages[0]!, COMMITTED))) !== undefined;
      await settle(stages, committed).catch((error: unknown) => {
        throw new OutputError(stage, `an interrupted build cannot be ${committed ? "finished" : "undone"}: ${describeIoError(error)}`,
          `fix the cause and run relgen again; ${stage}/journal.json lists each file and its previous version (old/N)`);
      });
      notes.push(
        committed
          ? `finished an interrupted build in ${root.dir}`
          : `undid an interrupted build in ${root.dir}: its previous output is back`,
      );
    } finally {
      await unlock();
    }
  }
  return notes;
}

/** Undoes (unless committed) and removes each staging folder: secondary roots first, the deciding one last. */
async function settle(stages: readonly string[], committed: boolean): Promise<void> {
  for (const stage of [...stages].reverse()) {
    if (!committed) {
      const journal = await readJournal(stage);
      if (journal) await undo(stage, journal);
    }
    if ((await lstatIfExists(stage))?.isDirectory()) await rm(stage, { recursive: true, force: true });
  }
}

async function undo(stage: string, journal: Journal): Promise<void> {
  const root = dirname(stage);
  for (let i = journal.ops.length - 1; i >= 0; i--) {
    const op = journal.ops[i]!;
    const target = join(root, op.rel);
    const old = join(stage, "old", String(i));
    if (await lstatIfExists(old)) {
      await mkdir(dirname(target), { recursive: true });
      await rename(old, target);
    } else if (op.replace && !op.existed && !(await lstatIfExists(join(stage, "new", String(i))))) {
      await unlink(target).catch(() => undefined);
    }
  }
}

/** The previous version, kept in the stage without ever leaving `target` missing. */
async function keepPrevious(target: string, old: string): Promise<void> {
  try {
    await link(target, old);
  } catch (error) {
    if (!isNodeError(error) || !["EPERM", "ENOTSUP", "EXDEV", "EMLINK", "EOPNOTSUPP"].includes(error.code ?? "")) throw error;
    await copyFile(target, `${old}.part`);
    await rename(`${old}.part`, old);
  }
}

async function readJournal(stage: string): Promise<Journal | undefined> {
  try {
    const journal = JSON.parse(await readFile(join(stage, JOURNAL), "utf8")) as Journal;
    // Only ever touch staging folders and paths a build may write, whatever the journal says.
    const valid =
      journal.relgen === 1 &&
      Array.isArray(journal.stages) &&
      journal.stages.every((s) => typeof s === "string" && isAbsolute(s) && basename(s).startsWith(STAGE_PREFIX)) &&
      Array.isArray(journal.ops) &&
      journal.ops.every((op) => typeof op.rel === "string" && (op.rel === MANIFEST_NAME || unsafePath(op.rel) === undefined));
    return valid ? journal : undefined;
  } catch {
    return undefined;
  }
}

async function pauseForTest(): Promise<never> {
  process.stderr.write(`relgen: paused mid-swap (${PAUSE_ENV})\n`);
  setInterval(() => undefined, 1 << 30);
  return new Promise<never>(() => undefined);
}
