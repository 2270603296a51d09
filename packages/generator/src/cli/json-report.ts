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

export function jsonReport(report: JsonReport): string {
  const { command, ok, error, ...rest } = report as JsonReport & Record<string, unknown>;
  const ordered = { command, ok, ...(error === undefined ? {} : { error: { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) } }), ...rest };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** `--format json` read straight from argv, for errors found before the arguments parse. */
export function wantsJson(argv: readonly string[]): boolean {
  const i = argv.lastIndexOf("--format");
  if (i >= 0 && argv[i + 1] === "json") return true;
  return argv.includes("--format=json");
}
