import yargs from "yargs";
import { DIALECTS, type Dialect } from "../contract.js";

export type OutputFormat = "text" | "json";

export interface BuildArgs {
  readonly command: "build";
  readonly schema: string;
  readonly out: string;
  readonly migrations?: string;
  readonly dialects: readonly Dialect[];
  readonly check: boolean;
  readonly format: OutputFormat;
}

export interface CheckArgs {
  readonly command: "check";
  readonly schema: string;
  readonly format: OutputFormat;
}

export type ParsedArgs =
  | BuildArgs
  | CheckArgs
  | { readonly command: "exit"; readonly code: 0 | 2; readonly output: string };

/**
 * yargs only parses here; the commands run in our own code so that their
 * output and exit codes never depend on yargs' process handling.
 */
export function parseArgs(argv: readonly string[], version: string): ParsedArgs {
  let failure: string | undefined;
  let output = "";
  const parser = yargs([...argv])
    .scriptName("relgen")
    .usage("$0 <command> [options]")
    .command("build <schema>", "Generate TypeScript models and SQL migrations from a .rel schema", (y) =>
      y
        .positional("schema", { type: "string", describe: "The entry .rel file", demandOption: true })
        .option("out", { alias: "o", type: "string", default: "generated", describe: "Directory for the generated TypeScript" })
        .option("migrations", { type: "string", describe: "Directory for SQL migrations (default: <out>/migrations)" })
        .option("dialect", {
          type: "array",
          string: true,
          describe: `Only write migrations for these engines: ${DIALECTS.join(", ")} (repeat or comma-separate)`,
        })
        .option("check", { type: "boolean", default: false, describe: "Write nothing; exit 1 if files on disk differ from what would be generated" }),
    )
    .command("check <schema>", "Validate a .rel schema and report every problem; writes nothing", (y) =>
      y.positional("schema", { type: "string", describe: "The entry .rel file", demandOption: true }),
    )
    .option("format", { choices: ["text", "json"] as const, default: "text" as const, describe: "How diagnostics are printed" })
    .example("$0 build schema.rel --out src/db", "Generate models into src/db and migrations into src/db/migrations")
    .example("$0 build schema.rel --check", "Fail (exit 1) when the generated files are out of date")
    .example("$0 check schema.rel --format json", "Diagnostics as JSON, for editors and CI")
    .epilogue("Exit codes: 0 ok, 1 schema errors, stale output or a refused output folder, 2 usage errors. See docs/cli.md.")
    .demandCommand(1, "Name a command: build or check.")
    .strict()
    .version(version)
    .help()
    .alias("h", "help")
    .alias("v", "version")
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      failure = message ?? error?.message ?? "invalid arguments";
    });

  const parsed = parser.parseSync([...argv], {}, (_err, _argv, text) => {
    output = text;
  });
  if (failure !== undefined) {
    return usageError(failure);
  }
  // --help and --version print and stop.
  if (output !== "") return { command: "exit", code: 0, output: output.endsWith("\n") ? output : `${output}\n` };

  const command = String(parsed._[0]);
  const schema = String(parsed.schema);
  const format = parsed.format as OutputFormat;
  if (command === "check") return { command: "check", schema, format };
  const dialects = normaliseDialects(parsed.dialect as string[] | undefined);
  if (typeof dialects === "string") return usageError(dialects);
  return {
    command: "build",
    schema,
    out: String(parsed.out),
    ...(typeof parsed.migrations === "string" ? { migrations: parsed.migrations } : {}),
    dialects,
    check: parsed.check === true,
    format,
  };
}

function usageError(message: string): ParsedArgs {
  return { command: "exit", code: 2, output: `relgen: ${message}\nRun \`relgen --help\` for usage.\n` };
}

/** Returns the dialects in canonical order, or an error message. */
function normaliseDialects(values: readonly string[] | undefined): readonly Dialect[] | string {
  if (!values || values.length === 0) return DIALECTS;
  const wanted = values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  const unknown = wanted.filter((v) => !(DIALECTS as readonly string[]).includes(v));
  if (unknown.length > 0) {
    return `unknown dialect ${unknown.map((u) => `"${u}"`).join(", ")}; choose from ${DIALECTS.join(", ")}`;
  }
  // Canonical order keeps output independent of how the flags were written.
  return DIALECTS.filter((d) => wanted.includes(d));
}
