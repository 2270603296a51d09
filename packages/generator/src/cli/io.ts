/** Everything the CLI touches of the outside world, so tests can run it in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** With `--format json`: where a command puts its result, printed as one document when it ends. */
  readonly json?: JsonSink;
}

/** What a command reports in JSON mode: its own fields, and the status lines text mode would print. */
export interface JsonSink {
  readonly fields: Record<string, unknown>;
  readonly messages: string[];
}

export function processIo(): CliIo {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}

/** Colour only on a terminal; NO_COLOR wins, FORCE_COLOR forces it (the usual conventions). */
export function wantsColor(io: CliIo, stream: "stdout" | "stderr"): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io[stream].isTTY === true;
}

export const ExitCode = { ok: 0, schemaError: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
