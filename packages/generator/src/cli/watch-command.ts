import { watch as fsWatch } from "node:fs";
import { ParseCache } from "@relgen/dsl";
import { basename, dirname, relative, resolve } from "node:path";
import { GenerationCache } from "../reuse/generation-cache.js";
import type { BuildArgs } from "./args.js";
import { flushJson } from "./json-report.js";
import { quietText, runBuild } from "./build-command.js";
import { ExitCode, type CliIo } from "./io.js";
import { say } from "./report.js";

/** Calls `onEvent(fileName)` for changes in `dir`; tests can inject a fake one. */
export type DirectoryWatcher = (dir: string, onEvent: (fileName: string | null) => void) => { close(): void };

export interface WatchOptions {
  /** Ends the loop (Ctrl-C in the CLI); the promise then resolves with exit code 0. */
  readonly signal: AbortSignal;
  readonly watcher?: DirectoryWatcher;
  /** Editors often write a file twice (truncate, then write); one build covers the burst. */
  readonly debounceMs?: number;
}

/**
 * Directories are watched rather than files: editors that save by writing a
 * temporary file and renaming it over the original would otherwise leave a
 * file watcher attached to the old, deleted inode.
 */
const nodeWatcher: DirectoryWatcher = (dir, onEvent) => {
  const watcher = fsWatch(dir, (_event, name) => onEvent(name === null ? null : String(name)));
  // A directory that disappears ends its watcher; the next build re-reads the graph.
  watcher.on("error", () => watcher.close());
  return watcher;
};

/**
 * `relgen build --watch`: build, then rebuild whenever the schema or any file it
 * imports changes. The import graph is taken from every build, since edits add
 * and remove imports. One build runs at a time; changes during a build queue one more.
 */
export async function runWatch(args: BuildArgs, io: CliIo, options: WatchOptions): Promise<ExitCode> {
  const watchDir = options.watcher ?? nodeWatcher;
  const debounceMs = options.debounceMs ?? 100;
  const watchers = new Map<string, { close(): void }>();
  let files = new Set<string>([resolve(io.cwd, args.schema)]);
  let changed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let queued = false;
  let lastFailed = false;
  // One session, one cache: a rebuild prints only the files and schema.ts entries an edit touched.
  const cache = new GenerationCache();
  const parseCache = new ParseCache();

  const onEvent = (dir: string, name: string | null) => {
    const file = name === null ? undefined : resolve(dir, name);
    // No name (some platforms) means "something in this directory": rebuild to be safe.
    if (file !== undefined && !files.has(file)) return;
    if (file !== undefined) changed.add(file);
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      schedule();
    }, debounceMs);
  };

  const follow = (sources: Iterable<string>) => {
    files = new Set([resolve(io.cwd, args.schema), ...[...sources].map((s) => resolve(io.cwd, s))]);
    const dirs = new Set([...files].map((f) => dirname(f)));
    for (const [dir, watcher] of watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        watchers.set(dir, watchDir(dir, (name) => onEvent(dir, name)));
      } catch {
        // A missing directory (an import that does not exist yet) is reported by the build itself.
      }
    }
  };

  const build = async (reason: string | undefined) => {
    // --quiet: a silent terminal until something needs the user (an error, a kept file, an uncaptured change).
    const chatty = !quietText(args);
    if (reason !== undefined && chatty) say(io, args.format, `relgen: ${reason} changed; rebuilding`);
    let sources: Iterable<string> = [];
    const code = await runBuild(args, io, { onSources: (s) => (sources = s), cache, parseCache });
    follow(sources);
    if (code === ExitCode.ok && lastFailed) say(io, args.format, "relgen: the schema is fixed; output rebuilt");
    lastFailed = code !== ExitCode.ok;
    if (chatty) say(io, args.format, `relgen: watching ${files.size === 1 ? "1 file" : `${files.size} files`} for changes (Ctrl-C to stop)`);
    // With --format json, a watch is a stream: one single-line document a build.
    flushJson(io, "build", code, true);
  };

  const schedule = (first = false) => {
    if (running !== undefined) {
      queued = true;
      return;
    }
    const names = [...changed].sort().map((f) => relative(io.cwd, f) || basename(f));
    changed = new Set();
    const reason = first ? undefined : names.length === 0 ? "a watched file" : names.join(", ");
    running = build(reason)
      .catch((error: unknown) => {
        // An I/O failure in one build should not end the session.
        say(io, args.format, `relgen: build failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        running = undefined;
        if (queued && !options.signal.aborted) {
          queued = false;
          schedule();
        }
      });
  };

  schedule(true);

  await new Promise<void>((done) => {
    if (options.signal.aborted) done();
    else options.signal.addEventListener("abort", () => done(), { once: true });
  });
  if (timer !== undefined) clearTimeout(timer);
  for (const watcher of watchers.values()) watcher.close();
  // Let a build in flight finish, so it never leaves half-written output behind.
  await running;
  return ExitCode.ok;
}
