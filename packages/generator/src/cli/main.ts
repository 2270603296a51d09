import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "./args.js";
import { runBuild } from "./build-command.js";
import { runCheck } from "./check-command.js";
import { runDiagram } from "./diagram-command.js";
import { runFormat } from "./format-command.js";
import { runInit } from "./init-command.js";
import { runMigrateDb } from "./migrate-db-command.js";
import { runMigrateDev } from "./migrate-dev-command.js";
import { runPull } from "./pull-command.js";
import { emit, flushJson, jsonReport, jsonSink, wantsJson } from "./json-report.js";
import { runWatch } from "./watch-command.js";
import type { BuildArgs } from "./args.js";
import { ExitCode, processIo, type CliIo } from "./io.js";

/** The generator's own package.json, found from src/, dist/ or the bundle alike. */
function packageVersion(): string {
  for (let dir = new URL(".", import.meta.url); ; dir = new URL("..", dir)) {
    const file = new URL("package.json", dir);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "@relgen/generator" && pkg.version) return pkg.version;
    }
    if (dir.pathname === "/") return "unknown";
  }
}

const version = packageVersion();

/** The whole CLI as a function: argv in, exit code out. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const args = await parseArgs(argv, version, io.cwd);
  if (args.command === "exit" || args.format !== "json") return dispatch(args, argv, io);
  // JSON mode: every command ends with one document on stdout ({command, ok, …});
  // a watch prints one a build itself.
  const name = args.command.replace("-", " ");
  const jsonIo: CliIo = { ...io, json: jsonSink() };
  const code = await dispatch(args, argv, jsonIo);
  if (!(args.command === "build" && args.watch)) flushJson(jsonIo, name, code);
  return code;
}

async function dispatch(args: Awaited<ReturnType<typeof parseArgs>>, argv: readonly string[], io: CliIo): Promise<number> {
  try {
    switch (args.command) {
      case "exit":
        if (args.code === 2 && wantsJson(argv)) {
          // A usage error is still one JSON document on stdout, so a pipe can parse it.
          const [message = "", ...hint] = args.output.replace(/^relgen: /, "").trimEnd().split("\n");
          const help = hint.join("\n").trim();
          io.stdout.write(jsonReport({ command: null, ok: false, error: { code: "usage", message, ...(help === "" ? {} : { hint: help }) } }));
          return args.code;
        }
        (args.code === 0 ? io.stdout : io.stderr).write(args.output);
        return args.code;
      case "init":
        return runInit(args, io);
      case "check":
        return runCheck(args, io);
      case "build":
        return args.watch ? await watchUntilInterrupted(args, io) : await runBuild(args, io);
      case "format":
        return runFormat(args, io);
      case "diagram":
        return await runDiagram(args, io);
      case "migrate-dev":
        return await runMigrateDev(args, io);
      case "pull":
        return await runPull(args, io);
      case "migrate-deploy":
      case "migrate-status":
      case "migrate-down":
        return await runMigrateDb(args, io);
    }
  } catch (error) {
    // A bug or an I/O failure (disk full, permissions), not a schema problem.
    const message = error instanceof Error ? error.message : String(error);
    emit(io, { error: { code: "internal", message } });
    io.stderr.write(`relgen: internal error: ${message}\nPlease report this with the schema that caused it.\n`);
    return ExitCode.schemaError;
  }
}

/** Ctrl-C ends a watch normally (exit 0), after any build in flight finishes. */
async function watchUntilInterrupted(args: BuildArgs, io: CliIo): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await runWatch(args, io, { signal: stop.signal });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
