// Rebuilds in `relgen build --watch` (issue 14: a rebuild after changing one
// entity of 1,000 in under 1 s): one long-running process, the schema edited
// and put back a few times. Each build's own time comes from its JSON line;
// the wall time from the save to that line adds the 100 ms debounce and the
// file watcher's delay.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RelgenBuild } from "./relgen-at.js";
import { withOneEntityChanged } from "./synthetic.js";

export const WATCH_ROUNDS = 6;
/** No new round starts after this long: the measure is of interactive rebuilds, not a long wait. */
export const WATCH_BUDGET_S = 60;

export interface WatchRebuild {
  /** The build's own time (`ms` in its JSON line). */
  readonly ms: number;
  /** From writing the schema to reading the build's line. */
  readonly wallMs: number;
  readonly written: number;
}

export interface WatchMeasure {
  readonly change: string;
  /** Why it was not run (a fresh-process rebuild took too long to call it interactive). */
  readonly skipped?: string;
  readonly rebuilds: readonly WatchRebuild[];
  /** Why the measure stopped early, if it did. */
  readonly failure: string | undefined;
}

interface BuildLine {
  readonly ok?: boolean;
  readonly ms?: number;
  readonly files?: { readonly written?: readonly string[] };
}

/** Watches `dir/<schema>`, alternating the one-entity edit and the original: `rounds` rebuilds, fewer once `WATCH_BUDGET_S` is spent. */
export async function measureWatch(relgen: RelgenBuild, dir: string, schema: string, entities: number, timeoutS: number, rounds = WATCH_ROUNDS): Promise<WatchMeasure> {
  const path = join(dir, schema);
  const original = readFileSync(path, "utf8");
  // Another column than the fresh-process rebuild's, which stays in the schema.
  const { text: edited, change } = withOneEntityChanged(original, entities, "alias");
  const child = spawn(process.execPath, [relgen.cli, "build", schema, "--out", "generated", "--watch", "--format", "json"], {
    cwd: dir,
    env: { ...process.env, RELGEN_PROGRESS: "0", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: BuildLine[] = [];
  let waiting: (() => void) | undefined;
  let pending = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => {
    pending += d.toString();
    let end: number;
    while ((end = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, end).trim();
      pending = pending.slice(end + 1);
      if (!line.startsWith("{")) continue;
      lines.push(JSON.parse(line) as BuildLine);
      waiting?.();
    }
  });
  const nextLine = (count: number): Promise<BuildLine | undefined> =>
    new Promise((done) => {
      const timer = setTimeout(() => done(undefined), timeoutS * 1000);
      const check = () => {
        if (lines.length < count) return;
        clearTimeout(timer);
        waiting = undefined;
        done(lines[count - 1]);
      };
      waiting = check;
      check();
    });

  const rebuilds: WatchRebuild[] = [];
  let failure: string | undefined;
  try {
    const first = await nextLine(1);
    if (first?.ok !== true) failure = first === undefined ? "the first build did not finish" : "the first build failed";
    const budgetEnds = performance.now() + WATCH_BUDGET_S * 1000;
    for (let i = 0; failure === undefined && i < rounds && (i === 0 || performance.now() < budgetEnds); i++) {
      // A pause between saves, so each is its own build (the watcher merges saves within 100 ms).
      await new Promise((r) => setTimeout(r, 300));
      const started = performance.now();
      writeFileSync(path, i % 2 === 0 ? edited : original);
      const line = await nextLine(i + 2);
      const wallMs = performance.now() - started;
      if (line === undefined || line.ok !== true || typeof line.ms !== "number") {
        failure = line === undefined ? `rebuild ${i + 1} did not finish in ${timeoutS} s` : `rebuild ${i + 1} failed`;
        break;
      }
      rebuilds.push({ ms: line.ms, wallMs, written: line.files?.written?.length ?? 0 });
    }
  } finally {
    child.kill("SIGINT");
    await new Promise((r) => child.once("exit", r));
    writeFileSync(path, original);
  }
  if (failure !== undefined && stderr.trim() !== "") failure += `: ${stderr.trim().split("\n").slice(-3).join(" ")}`;
  return { change, rebuilds, failure };
}
