import { randomBytes } from "node:crypto";
import { link, lstat, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describeIoError, isNodeError, OutputError } from "./errors.js";
import { LOCK_NAME } from "./layout.js";

/** Who holds a root's lock: written whole (by link) before the lock exists, so it is never half-written. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

export interface HeldLock {
  readonly dir: string;
  /** The first folder `acquireLock` had to create, if any (a refused build removes it again when empty). */
  readonly created: string | undefined;
  release(): Promise<void>;
}

/** How long a build waits for another build of the same folder by default. */
export const DEFAULT_LOCK_WAIT_MS = 30_000;
const POLL_MS = 50;

/**
 * Takes `dir/.relgen-lock` (creating `dir` if needed). A lock whose holder
 * is a dead process on this host is taken over; a live one is waited for
 * `waitMs`, then refused naming the holder.
 */
export async function acquireLock(dir: string, waitMs: number): Promise<HeldLock> {
  const created = await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw new OutputError(join(dir, LOCK_NAME), describeIoError(error));
  });
  const path = join(dir, LOCK_NAME);
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const mine = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + waitMs;
  while (!(await tryLink(dir, path, mine))) {
    const holder = await readOwner(path);
    if (holder === "gone") continue;
    if (holder !== "foreign" && isStale(holder)) {
      await takeOver(path, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who =
        holder === "foreign"
          ? `${path} is not a relgen lock (a symbolic link, a folder or damaged)`
          : `another relgen build (pid ${holder.pid} on ${holder.host}, since ${holder.started}) is writing this folder`;
      throw new OutputError(
        path,
        `${who}; waited ${Math.round(waitMs / 1000)} s`,
        `run the builds one after another; if no relgen is running, delete ${path}`,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return {
    dir,
    created,
    release: async () => {
      await unlink(path).catch(() => undefined);
    },
  };
}

/**
 * One attempt: the owner record is written under a fresh exclusive name and
 * linked into place (link() never follows or replaces what is at the lock
 * path, so the lock appears whole and atomically; a planted symlink only
 * blocks), then the fresh name goes again at once. False: the lock is taken.
 */
async function tryLink(dir: string, path: string, record: string): Promise<boolean> {
  const pending = join(dir, `${LOCK_NAME}-${randomBytes(6).toString("hex")}`);
  try {
    await writeFile(pending, record, { flag: "wx", mode: 0o644 });
    await link(pending, path);
    return true;
  } catch (error) {
    if (isNodeError(error) && error.code === "EEXIST") return false;
    throw new OutputError(path, describeIoError(error));
  } finally {
    await unlink(pending).catch(() => undefined);
  }
}

async function readOwner(path: string): Promise<LockOwner | "gone" | "foreign"> {
  try {
    const stat = await lstat(path);
    if (!stat.isFile()) return "foreign";
    const owner = JSON.parse(await readFile(path, "utf8")) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || typeof owner.host !== "string" || typeof owner.started !== "string") return "foreign";
    return owner as LockOwner;
  } catch (error) {
    if (isNodeError(error) && error.code === "ENOENT") return "gone";
    return "foreign";
  }
}

/** A holder that is a process of this host that no longer runs. */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return isNodeError(error) && error.code === "ESRCH";
  }
}

/**
 * Moves a dead holder's lock aside under a fresh name (only one of several
 * waiting builds wins the rename) and checks it is the one judged dead; a
 * lock that changed hands meanwhile is linked back.
 */
async function takeOver(path: string, dead: LockOwner): Promise<void> {
  const aside = `${path}-stale-${randomBytes(6).toString("hex")}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else took it over first
  }
  const moved = await readOwner(aside);
  if (moved !== "gone" && moved !== "foreign" && (moved.pid !== dead.pid || moved.started !== dead.started)) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}
