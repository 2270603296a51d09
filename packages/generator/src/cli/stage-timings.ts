// Opt-in stage timings for `relgen build` (RELGEN_TIMINGS=1), read by
// `npm run bench:scale`. One JSON line on stderr, after the build's own
// output, so stdout and the generated files stay exactly as without it.
import type { CliIo } from "./io.js";

export type Stage = "parse" | "resolve" | "render" | "format" | "write";

export const TIMINGS_ENV = "RELGEN_TIMINGS";
/** The stderr line starts with this, so a reader can find it among the build's messages. */
export const TIMINGS_PREFIX = "relgen-timings ";

export class StageTimings {
  private readonly ms: Record<Stage, number> = { parse: 0, resolve: 0, render: 0, format: 0, write: 0 };

  /** Undefined unless the environment asks for timings: the normal build pays nothing. */
  static fromEnv(io: CliIo): StageTimings | undefined {
    return io.env[TIMINGS_ENV] === "1" ? new StageTimings() : undefined;
  }

  readonly add = (stage: Stage, ms: number): void => {
    this.ms[stage] += ms;
  };

  async time<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - started);
    }
  }

  /** Milliseconds per stage, rounded to 0.1. */
  print(io: CliIo): void {
    const stages = Object.fromEntries(Object.entries(this.ms).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    io.stderr.write(`${TIMINGS_PREFIX}${JSON.stringify({ stages })}\n`);
  }
}
