// One measured fresh process: wall time, peak RSS (from rss-probe.mjs), and a
// hard timeout so a superlinear build is cut off instead of hanging the run.
import { spawn } from "node:child_process";

export const PROBE = new URL("./rss-probe.mjs", import.meta.url).href;
const RSS_LINE = /^relgen-scale-max-rss-kb (\d+)$/m;

export interface ChildResult {
  readonly ok: boolean;
  readonly timedOut: boolean;
  readonly exitCode: number | null;
  readonly wallMs: number;
  readonly maxRssKb: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node --import <probe> ...args`; kills the process group after timeoutS. */
export function runNode(args: readonly string[], opts: { cwd: string; env?: Record<string, string>; timeoutS: number }): Promise<ChildResult> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", PROBE, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, opts.timeoutS * 1000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const rss = RSS_LINE.exec(stderr);
      done({ ok: !timedOut && code === 0, timedOut, exitCode: code, wallMs, maxRssKb: rss ? Number(rss[1]) : undefined, stdout, stderr: stderr.replace(RSS_LINE, "").trim() });
    });
  });
}
