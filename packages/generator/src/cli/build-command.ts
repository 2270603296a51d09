import { basename, join, relative, resolve, sep } from "node:path";
import { compileFile, nodeHost, type ParseCache, type SchemaIR } from "@relgen/dsl";
import { ROOTS } from "../contract.js";
import { generateEach } from "../generate.js";
import type { GenerationCache } from "../reuse/generation-cache.js";
import { planMigration } from "../migrate/index.js";
import { readMigrationsFolder, type MigrationsFolder } from "../project/migrations-folder.js";
import { OutputError, openOutput, type CheckReport, type WriteOptions, type WriteReport } from "../write/writer.js";
import type { BuildArgs } from "./args.js";
import { ExitCode, type CliIo } from "./io.js";
import { emit } from "./json-report.js";
import { Progress } from "./progress.js";
import { plural, reportDiagnostics, say } from "./report.js";
import { StageTimings } from "./stage-timings.js";

export interface BuildHooks {
  /** Every schema file the compile read (relative to cwd), for `--watch` to follow. */
  readonly onSources?: (files: Iterable<string>) => void;
  /** `--watch` keeps one across builds: what an edit did not touch is not printed again. */
  readonly cache?: GenerationCache;
  /** Likewise for the compile: declarations an edit did not touch are not parsed again. */
  readonly parseCache?: ParseCache;
}

/**
 * `relgen build`: compile, then render each file into the writer's staging
 * folder, and only once every file is rendered swap them into place — a
 * schema error or a failed render leaves the output directory as it was.
 */
export async function runBuild(args: BuildArgs, io: CliIo, hooks: BuildHooks = {}): Promise<ExitCode> {
  const started = performance.now();
  const progress = new Progress(io, args.format, args.quiet);
  progress.stage("compile", args.schema);
  const timings = StageTimings.fromEnv(io);
  // `let`: the writer lets go of the IR once it has read what it needs (see `choose`), so the
  // 10,000-entity IR (~50 MB) is not held through writing every file
  let ir = compile(args, io, hooks, timings);
  if (ir === undefined) {
    say(io, args.format, "relgen: nothing was written; fix the errors above and run again.");
    return ExitCode.schemaError;
  }

  progress.stage("generate", `${count(ir.entities.length, "entity", "entities")}, ${count(ir.tables.length, "table")}`);
  const dirs = {
    code: resolve(io.cwd, args.out),
    migrations: resolve(io.cwd, args.migrations ?? join(args.out, "migrations")),
  };

  // Once the first migration exists, migrations belong to `migrate dev`: a build
  // writes the TypeScript only (and prints no migration) and carries every
  // migration file as it is. Decided under the output lock, so two builds (or a
  // build and `migrate dev`) at once agree on whether 0001_init is still to be written.
  let folder: MigrationsFolder | undefined;
  let uncaptured: readonly string[] = [];
  const insideMigrations = (absolute: string) => absolute.startsWith(dirs.migrations + sep);
  // The writer names files from the code folder; JSON names them from where the command ran.
  const fromCwd = (shown: string) => relative(io.cwd, resolve(dirs.code, shown)).split(sep).join("/");
  const options: WriteOptions = {
    schema: resolve(io.cwd, args.schema),
    ...lockWait(io),
    choose: async () => {
      folder = await readMigrationsFolder(dirs.migrations);
      // what the schema changed since the last migration
      if (folder.latest !== undefined) uncaptured = planMigration(folder.latest.snapshot, ir!, { allowDataLoss: true }).summary;
      if (folder.latest === undefined) return { keep: () => true };
      return { keep: (f) => f.root === "code", preserve: insideMigrations };
    },
  };
  let generated = 0;
  const write = async (): Promise<CheckReport | WriteReport> => {
    const session = await timed(timings, "write", () => openOutput(dirs, ROOTS, options, args.check ? "check" : "write"));
    try {
      // Each file is handed to the writer as soon as it is printed, so the
      // build never holds every file's text at once (~117 MB at 10,000 entities).
      const files = generateEach(ir!, {
        dialects: args.dialects,
        // The header names the schema file, never a machine-specific path.
        sourceName: basename(args.schema),
        ...(folder?.latest === undefined ? {} : { roots: ["code"] as const }),
        ...(hooks.cache === undefined ? {} : { cache: hooks.cache }),
        ...(timings === undefined ? {} : { onStage: timings.add }),
      });
      for await (const file of files) {
        generated++;
        await timed(timings, "write", () => session.add(file));
      }
    } catch (error) {
      await session.abort();
      throw error;
    }
    // The IR's last use was the last file: let it go before the swap (~50 MB at 10,000 entities).
    ir = undefined;
    progress.stage("write", count(generated, "file"));
    return timed(timings, "write", () => session.finish());
  };
  const attempt = await refusable<CheckReport | WriteReport>(io, args, write);
  if (attempt === undefined) return ExitCode.schemaError;
  for (const line of attempt.recovered) say(io, args.format, `relgen: ${line}`);
  const latest = (folder as MigrationsFolder | undefined)?.latest;
  emit(io, { stages: Object.fromEntries(progress.finish()) });

  emit(io, { uncaptured, ...(latest === undefined ? {} : { lastMigration: latest.id }) });
  if (args.check) {
    const report = attempt as CheckReport;
    const stale = [...report.changed, ...report.missing, ...report.stale];
    emit(io, {
      stale: [
        ...report.changed.map((path) => ({ path: fromCwd(path), reason: "changed" })),
        ...report.missing.map((path) => ({ path: fromCwd(path), reason: "missing" })),
        ...report.stale.map((path) => ({ path: fromCwd(path), reason: "would be removed" })),
      ],
    });
    if (stale.length === 0 && uncaptured.length === 0) {
      if (!quietText(args)) say(io, args.format, `relgen: ${plural(generated, "generated file")} up to date in ${args.out}`);
      return ExitCode.ok;
    }
    for (const path of report.changed) say(io, args.format, `  changed  ${path}`);
    for (const path of report.missing) say(io, args.format, `  missing  ${path}`);
    for (const path of report.stale) say(io, args.format, `  stale    ${path}`);
    if (stale.length > 0) {
      say(io, args.format, `relgen: ${plural(stale.length, "file")} out of date; run \`relgen build ${args.schema}\` to update them.`);
    }
    if (uncaptured.length > 0) reportUncaptured(io, args, uncaptured, latest?.id ?? "");
    return ExitCode.schemaError;
  }

  const report = attempt as WriteReport;
  for (const { path, reason } of report.kept) {
    say(io, args.format, `relgen: kept ${path}: no longer generated, but ${reason}; delete it if you no longer need it`);
  }
  const ms = Math.round(performance.now() - started);
  emit(io, {
    files: {
      written: report.written.map(fromCwd),
      unchanged: report.unchanged.map(fromCwd),
      removed: report.removed.map(fromCwd),
      kept: report.kept.map((k) => ({ path: fromCwd(k.path), reason: k.reason })),
    },
    ms,
  });
  if (!quietText(args)) {
    say(
      io,
      args.format,
      `relgen: ${plural(generated, "file")} in ${args.out} ` +
        `(${report.written.length} written, ${report.unchanged.length} unchanged, ${report.removed.length} removed) in ${ms} ms`,
    );
  }
  if (uncaptured.length > 0) reportUncaptured(io, args, uncaptured, latest?.id ?? "");
  timings?.print(io);
  return ExitCode.ok;
}

/** `work()`, its time counted as `stage` when timings are on. */
function timed<T>(timings: StageTimings | undefined, stage: "write", work: () => Promise<T>): Promise<T> {
  return timings === undefined ? work() : timings.time(stage, work);
}

/** Compiles the schema and reports its diagnostics; the IR when there is no error. The rest of the result (sources, diagnostics) is not kept. */
function compile(args: BuildArgs, io: CliIo, hooks: BuildHooks, timings: StageTimings | undefined): SchemaIR | undefined {
  const result = compileFile(args.schema, nodeHost(io.cwd), {
    ...(timings === undefined ? {} : { onStage: timings.add }),
    ...(hooks.parseCache === undefined ? {} : { parseCache: hooks.parseCache }),
  });
  hooks.onSources?.([...result.sources.keys()]);
  emit(io, { schema: args.schema, out: args.out, check: args.check, diagnostics: [] });
  reportDiagnostics(result, args.format, io);
  return result.ir;
}

/** `--quiet` drops the lines that only say all went well; the JSON document keeps them, it is asked for. */
export function quietText(args: { readonly quiet: boolean; readonly format: BuildArgs["format"] }): boolean {
  return args.quiet && args.format === "text";
}

/** `10,013 files`: progress counts, grouped so large schemas read at a glance. */
function count(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;
}

/** The schema moved on since the last migration: say what, and the command that captures it. */
function reportUncaptured(io: CliIo, args: BuildArgs, summary: readonly string[], lastId: string): void {
  say(io, args.format, `relgen: the schema has ${plural(summary.length, "change")} that no migration captures yet (the last is ${lastId}):`);
  for (const line of summary) say(io, args.format, `  ${line}`);
  const where = args.migrations === undefined ? ` --out ${args.out}` : ` --out ${args.out} --migrations ${args.migrations}`;
  say(io, args.format, `  = help: run \`relgen migrate dev ${args.schema}${where} --name <what_changed>\` to write the migration`);
}

/** Runs the writer; a refusal or failure is reported (where, why, how to fix) and yields undefined. */
export async function refusable<T>(io: CliIo, args: { readonly format: BuildArgs["format"] }, write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    say(io, args.format, `relgen: cannot write ${relative(io.cwd, error.path) || error.path}: ${error.reason}`);
    if (error.fix) say(io, args.format, `  = help: ${error.fix}`);
    say(io, args.format, "relgen: nothing was changed; the previous output is as it was.");
    return undefined;
  }
}

/** RELGEN_LOCK_WAIT_MS: how long to wait for another build of the same folder (default 30 s). */
export function lockWait(io: CliIo): { lockWaitMs?: number } {
  const value = Number(io.env.RELGEN_LOCK_WAIT_MS);
  return io.env.RELGEN_LOCK_WAIT_MS !== undefined && Number.isFinite(value) && value >= 0 ? { lockWaitMs: value } : {};
}
