import { renderDiagnostics, renderDiagnosticsJson, type CompileResult } from "@relgen/dsl";
import { wantsColor, type CliIo } from "./io.js";
import type { OutputFormat } from "./args.js";

/**
 * Prints a compile's diagnostics. Text goes to stderr (it is commentary);
 * JSON goes to stdout, alone, so a pipe can parse it.
 */
export function reportDiagnostics(result: CompileResult, format: OutputFormat, io: CliIo): void {
  if (format === "json") {
    const diagnostics = JSON.parse(renderDiagnosticsJson(result.diagnostics, result.sources)) as unknown[];
    if (io.json !== undefined) {
      const earlier = (io.json.fields.diagnostics as unknown[] | undefined) ?? [];
      io.json.fields.diagnostics = [...earlier, ...diagnostics];
    } else io.stdout.write(`${JSON.stringify(diagnostics, null, 2)}\n`);
    return;
  }
  if (result.diagnostics.length === 0) return;
  const text = renderDiagnostics(result.diagnostics, result.sources, { color: wantsColor(io, "stderr"), cwd: io.cwd });
  io.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Status lines: stderr in JSON mode keeps stdout machine-readable. */
export function say(io: CliIo, format: OutputFormat, line: string): void {
  if (format === "json") io.json?.messages.push(line);
  (format === "json" ? io.stderr : io.stdout).write(`${line}\n`);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
