import type { CliIo, JsonSink } from "./io.js";

/**
 * The one JSON document a command prints on stdout with `--format json`:
 * `command` and `ok` first, then what the command adds. Keys are written in
 * a fixed order so that the output is stable for diffs and snapshots.
 */
export interface JsonReport {
  readonly command: string | null;
  readonly ok: boolean;
  readonly error?: { readonly code: string; readonly message: string; readonly hint?: string };
}

export function jsonReport(report: JsonReport, compact = false): string {
  const { command, ok, error, ...rest } = report as JsonReport & Record<string, unknown>;
  const ordered = { command, ok, ...(error === undefined ? {} : { error: { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) } }), ...rest };
  return `${JSON.stringify(ordered, null, compact ? undefined : 2)}\n`;
}

/** `--format json` read straight from argv, for errors found before the arguments parse. */
export function wantsJson(argv: readonly string[]): boolean {
  const i = argv.lastIndexOf("--format");
  if (i >= 0 && argv[i + 1] === "json") return true;
  return argv.includes("--format=json");
}

/** Adds a command's result fields to the document `--format json` prints; a no-op in text mode. */
export function emit(io: CliIo, fields: Record<string, unknown>): void {
  if (io.json !== undefined) Object.assign(io.json.fields, fields);
}

export function jsonSink(): JsonSink {
  return { fields: {}, messages: [] };
}

/**
 * Prints the document a command collected and empties the sink, so `build --watch`
 * prints one document a build. `compact` puts it on one line (a stream of them).
 */
export function flushJson(io: CliIo, command: string, code: number, compact = false): void {
  const sink = io.json;
  if (sink === undefined) return;
  // jsonReport puts command, ok and error first, whatever order the command emitted them in.
  const text = jsonReport({ command, ok: code === 0, ...sink.fields, messages: [...sink.messages] } as JsonReport, compact);
  for (const key of Object.keys(sink.fields)) delete sink.fields[key];
  sink.messages.length = 0;
  io.stdout.write(text);
}
