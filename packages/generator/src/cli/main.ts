import { readFileSync } from "node:fs";
import { parseArgs } from "./args.js";
import { runBuild } from "./build-command.js";
import { runCheck } from "./check-command.js";
import { ExitCode, processIo, type CliIo } from "./io.js";

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** The whole CLI as a function: argv in, exit code out. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const args = parseArgs(argv, version);
  try {
    switch (args.command) {
      case "exit":
        (args.code === 0 ? io.stdout : io.stderr).write(args.output);
        return args.code;
      case "check":
        return runCheck(args, io);
      case "build":
        return await runBuild(args, io);
    }
  } catch (error) {
    // A bug or an I/O failure (disk full, permissions), not a schema problem.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`relgen: internal error: ${message}\nPlease report this with the schema that caused it.\n`);
    return ExitCode.schemaError;
  }
}
