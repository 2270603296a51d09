import { basename, join, relative, resolve } from "node:path";
import { compileFile, nodeHost } from "@relgen/dsl";
import { generate } from "../generate.js";
import { checkGenerated, OutputError, writeGenerated, type WriteReport } from "../write/writer.js";
import type { BuildArgs } from "./args.js";
import { ExitCode, type CliIo } from "./io.js";
import { plural, reportDiagnostics, say } from "./report.js";

/**
 * `relgen build`: compile, render every file, and only then touch the disk —
 * a schema error or a failed render leaves the output directory as it was.
 */
export async function runBuild(args: BuildArgs, io: CliIo): Promise<ExitCode> {
  const started = performance.now();
  const result = compileFile(args.schema, nodeHost(io.cwd));
  reportDiagnostics(result, args.format, io);
  if (!result.ir) {
    say(io, args.format, "relgen: nothing was written; fix the errors above and run again.");
    return ExitCode.schemaError;
  }

  // The header names the schema file, never a machine-specific path.
  const files = await generate(result.ir, { dialects: args.dialects, sourceName: basename(args.schema) });
  const dirs = {
    code: resolve(io.cwd, args.out),
    migrations: resolve(io.cwd, args.migrations ?? join(args.out, "migrations")),
  };

  if (args.check) {
    const report = await checkGenerated(files, dirs);
    const stale = [...report.changed, ...report.missing, ...report.stale];
    if (stale.length === 0) {
      say(io, args.format, `relgen: ${plural(files.length, "generated file")} up to date in ${args.out}`);
      return ExitCode.ok;
    }
    for (const path of report.changed) say(io, args.format, `  changed  ${path}`);
    for (const path of report.missing) say(io, args.format, `  missing  ${path}`);
    for (const path of report.stale) say(io, args.format, `  stale    ${path}`);
    say(io, args.format, `relgen: ${plural(stale.length, "file")} out of date; run \`relgen build ${args.schema}\` to update them.`);
    return ExitCode.schemaError;
  }

  let report: WriteReport;
  try {
    report = await writeGenerated(files, dirs);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    say(io, args.format, `relgen: cannot write ${relative(io.cwd, error.path) || error.path}: ${error.reason}`);
    say(io, args.format, "relgen: nothing was changed; the previous output is as it was.");
    return ExitCode.schemaError;
  }
  const ms = Math.round(performance.now() - started);
  say(
    io,
    args.format,
    `relgen: ${plural(files.length, "file")} in ${args.out} ` +
      `(${report.written.length} written, ${report.unchanged.length} unchanged, ${report.removed.length} removed) in ${ms} ms`,
  );
  return ExitCode.ok;
}
