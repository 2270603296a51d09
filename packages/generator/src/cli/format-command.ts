import path from "node:path";
import { formatSource, hasErrors, loadSchema, nodeHost, sortDiagnostics, type Diagnostic } from "@relgen/dsl";
import type { FormatArgs } from "./args.js";
import { emit } from "./json-report.js";
import { ExitCode, type CliIo } from "./io.js";
import { plural, reportDiagnostics } from "./report.js";
import { writeFileAtomically } from "../write/atomic-file.js";

interface Formatted {
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

/**
 * `relgen format`: every file is read and formatted before anything is
 * written, so a syntax error (or a missing import) anywhere leaves every file
 * as it was; files that are already canonical are not rewritten.
 */
export function runFormat(args: FormatArgs, io: CliIo): ExitCode {
  const host = nodeHost(io.cwd);
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  if (args.files.length === 0) {
    const loaded = loadSchema(args.schema, host);
    diagnostics.push(...loaded.diagnostics);
    for (const [file, text] of loaded.sources) sources.set(file, text);
  } else {
    for (const file of args.files) {
      const entry = path.posix.normalize(file.replaceAll("\\", "/"));
      // Only this file: its imports read as empty, so their problems are not this command's.
      // The loader still gives an unreadable or oversized file its located, explained error.
      const loaded = loadSchema(entry, { ...host, readFile: (f) => (f === entry ? host.readFile(f) : "") });
      diagnostics.push(...loaded.diagnostics);
      const text = loaded.sources.get(entry);
      if (text !== undefined) sources.set(entry, text);
    }
  }

  const results: Formatted[] = [];
  for (const [file, before] of sources) {
    const formatted = formatSource(before, file);
    if (formatted.text === undefined) {
      // parse errors are already among the loader's diagnostics; keep one copy
      for (const d of formatted.diagnostics) if (!diagnostics.some((e) => sameDiagnostic(e, d))) diagnostics.push(d);
      continue;
    }
    results.push({ file, before, after: formatted.text });
  }
  if (hasErrors(diagnostics)) {
    reportDiagnostics({ diagnostics: sortDiagnostics(diagnostics), sources }, args.format, io);
    io.stderr.write("relgen format: nothing written; fix the errors above and run it again\n");
    return ExitCode.schemaError;
  }

  const changed = results.filter((r) => r.after !== r.before).map((r) => r.file);
  if (!args.check) for (const r of results) if (r.after !== r.before) writeFileAtomically(path.resolve(io.cwd, r.file), r.after, "format");
  if (args.format === "json") {
    emit(io, { check: args.check, files: results.map((r) => r.file), changed });
  } else if (args.check) {
    for (const file of changed) io.stdout.write(`would reformat ${file}\n`);
    io.stdout.write(
      changed.length === 0
        ? `${plural(results.length, "file")} already formatted\n`
        : `${plural(changed.length, "file")} would be reformatted; run \`relgen format\` to fix\n`,
    );
  } else {
    for (const file of changed) io.stdout.write(`formatted ${file}\n`);
    io.stdout.write(`${plural(changed.length, "file")} reformatted, ${plural(results.length - changed.length, "file")} already formatted\n`);
  }
  return args.check && changed.length > 0 ? ExitCode.schemaError : ExitCode.ok;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.span.file === b.span.file && a.span.start === b.span.start && a.message === b.message;
}
