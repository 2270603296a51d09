import type { OutputFormat } from "./args.js";
import type { CliIo } from "./io.js";

/**
 * Stage lines and timings for builds a person waits on: only on a terminal,
 * only in text mode, and only once the build has run longer than a second,
 * so quick builds, pipes and CI logs stay one line. RELGEN_PROGRESS=1 forces
 * it on (=0 off); RELGEN_PROGRESS_AFTER_MS moves the one-second threshold.
 * `--quiet` turns it off whatever the environment says.
 */
export class Progress {
  private readonly started = performance.now();
  private readonly timings: Array<[stage: string, ms: number]> = [];
  private current: [stage: string, since: number] | undefined;
  private readonly enabled: boolean;
  private readonly afterMs: number;

  constructor(
    private readonly io: CliIo,
    format: OutputFormat,
    quiet = false,
  ) {
    const forced = io.env.RELGEN_PROGRESS;
    this.enabled = !quiet && format === "text" && (forced === undefined ? io.stderr.isTTY === true : forced === "1");
    const after = Number(io.env.RELGEN_PROGRESS_AFTER_MS);
    this.afterMs = io.env.RELGEN_PROGRESS_AFTER_MS !== undefined && Number.isFinite(after) && after >= 0 ? after : 1000;
  }

  /** Ends the running stage and starts the next; says so once the build is slow, with what it works on (`1,000 entities`). */
  stage(name: string, what?: string): void {
    this.end();
    this.current = [name, performance.now()];
    if (this.slow()) this.io.stderr.write(`relgen: ${name}${what === undefined ? "" : ` ${what}`}…\n`);
  }

  /** Every stage's time, for JSON output and the closing line. */
  finish(): ReadonlyArray<[string, number]> {
    this.end();
    if (this.enabled && this.slow()) {
      const parts = this.timings.map(([stage, ms]) => `${stage} ${ms} ms`);
      this.io.stderr.write(`relgen: took ${Math.round(performance.now() - this.started)} ms (${parts.join(", ")})\n`);
    }
    return this.timings;
  }

  private end(): void {
    if (this.current === undefined) return;
    this.timings.push([this.current[0], Math.round(performance.now() - this.current[1])]);
    this.current = undefined;
  }

  private slow(): boolean {
    return this.enabled && performance.now() - this.started >= this.afterMs;
  }
}
