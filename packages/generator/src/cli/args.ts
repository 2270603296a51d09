import { suggest } from "@relgen/dsl";
import { join } from "node:path";
import yargs from "yargs";
import { ConfigError, loadConfig, type RelgenConfig } from "../config/load-config.js";
import { DIALECTS, type Dialect } from "../contract.js";
import { DIAGRAM_DESCRIPTION, diagramArgs, diagramOptions, type DiagramFormat } from "./diagram-args.js";

export type OutputFormat = "text" | "json";

export interface BuildArgs {
  readonly command: "build";
  readonly schema: string;
  readonly out: string;
  readonly migrations?: string;
  readonly dialects: readonly Dialect[];
  readonly check: boolean;
  /** Rebuild on every change to the schema or a file it imports, until Ctrl-C. */
  readonly watch: boolean;
  /** No progress and no summary line (warnings and errors still print). */
  readonly quiet: boolean;
  readonly format: OutputFormat;
}

export interface CheckArgs {
  readonly command: "check";
  readonly schema: string;
  /** No "ok" line: the exit code says it (diagnostics still print). */
  readonly quiet: boolean;
  readonly format: OutputFormat;
}

/** `relgen migrate dev`: the next migration from the schema's changes since the last one. */
export interface MigrateDevArgs {
  readonly command: "migrate-dev";
  readonly schema: string;
  readonly out: string;
  readonly migrations?: string;
  /** Only used for a project's first migration; later ones follow the dialect folders that exist. */
  readonly dialects: readonly Dialect[];
  readonly name?: string;
  readonly empty: boolean;
  readonly allowDataLoss: boolean;
  readonly format: OutputFormat;
}

/** `relgen migrate deploy | status | down`: a migrations folder against a database. */
export interface MigrateDbArgs {
  readonly command: "migrate-deploy" | "migrate-status" | "migrate-down";
  readonly migrations: string;
  readonly url?: string;
  readonly to?: string;
  readonly format: OutputFormat;
}

/** `relgen init`: a starter schema and relgen.config.json. */
export interface InitArgs {
  readonly command: "init";
  readonly schema: string;
  readonly out: string;
  readonly format: OutputFormat;
}

/** `relgen format`: canonical layout of `.rel` files. */
export interface FormatArgs {
  readonly command: "format";
  /** Explicit files; when empty, `schema` and every file it imports. */
  readonly files: readonly string[];
  readonly schema: string;
  readonly check: boolean;
  readonly format: OutputFormat;
}

/** `relgen pull`: the .rel schema of an existing database. */
export interface PullArgs {
  readonly command: "pull";
  readonly url?: string;
  /** Without it, the schema goes to stdout. */
  readonly out?: string;
  /** Replace an --out file that relgen pull did not write. */
  readonly force: boolean;
  readonly format: OutputFormat;
}

/** `relgen diagram`: the schema as a Mermaid erDiagram and a laid-out SVG. */
export interface DiagramArgs {
  readonly command: "diagram";
  readonly schema: string;
  /** A folder, or a file ending in .mmd or .svg. */
  readonly out: string;
  readonly formats: readonly DiagramFormat[];
  readonly focus?: string;
  readonly depth: number;
  readonly format: OutputFormat;
}

export type ParsedArgs =
  | DiagramArgs
  | InitArgs
  | PullArgs
  | BuildArgs
  | FormatArgs
  | CheckArgs
  | MigrateDevArgs
  | MigrateDbArgs
  | { readonly command: "exit"; readonly code: 0 | 2; readonly output: string };

/**
 * yargs only parses here; the commands run in our own code so that their
 * output and exit codes never depend on yargs' process handling.
 */
export async function parseArgs(argv: readonly string[], version: string, cwd: string = process.cwd()): Promise<ParsedArgs> {
  const unknown = unknownCommand(argv);
  if (unknown !== undefined) return usageError(unknown);
  let failure: string | undefined;
  let output = "";
  const parser = yargs([...argv])
    .scriptName("relgen")
    .usage("$0 <command> [options]")
    .command("build [schema]", "Generate TypeScript models and SQL migrations from a .rel schema", (y) =>
      y
        .positional("schema", { type: "string", describe: "The entry .rel file (default: \"schema\" from relgen.config.json or package.json's \"relgen\" key)" })
        .option("out", { alias: "o", type: "string", describe: "Directory for the generated TypeScript (default: the config's \"out\", else generated)" })
        .option("migrations", { type: "string", describe: "Directory for SQL migrations (default: <out>/migrations)" })
        .option("dialect", {
          type: "array",
          string: true,
          describe: `Only write migrations for these engines: ${DIALECTS.join(", ")} (repeat or comma-separate)`,
        })
        .option("check", { type: "boolean", default: false, describe: "Write nothing; exit 1 if files on disk differ from what would be generated" })
        .example("$0 build schema.rel --out src/db", "Generate models into src/db and migrations into src/db/migrations")
        .example("$0 build --check", "In CI: fail (exit 1) when the generated files are out of date")
        .option("watch", { alias: "w", type: "boolean", default: false, describe: "Build, then rebuild whenever the schema or a file it imports changes (Ctrl-C stops)" })
        .example("$0 build --watch", "Keep the generated code in step with the schema while you edit it")
        .option("quiet", { alias: "q", type: "boolean", default: false, describe: "No progress and no summary line; warnings and errors still print" }),
    )
    .command("check [schema]", "Validate a .rel schema and report every problem; writes nothing", (y) =>
      y
        .positional("schema", { type: "string", describe: "The entry .rel file (default: \"schema\" from relgen.config.json or package.json's \"relgen\" key)" })
        .example("$0 check db/schema.rel", "Report every problem in the schema and the files it imports")
        .example("$0 check --format json", "Diagnostics as one JSON document, for editors and CI")
        .option("quiet", { alias: "q", type: "boolean", default: false, describe: "No \"ok\" line: only diagnostics print; the exit code says the rest" }),
    )
    .command("init", "Write a starter schema.rel and relgen.config.json; existing files are kept", (y) =>
      y
        .option("schema", { type: "string", default: "schema.rel", describe: "Where to write the starter schema" })
        .option("out", { alias: "o", type: "string", default: "generated", describe: "The output directory the config names" })
        .example("$0 init --schema db/schema.rel --out src/db", "Start a project with the schema in db/ and the code in src/db"),
    )
    .command("format [files..]", "Lay out .rel files canonically, comments kept (no files: the schema and its imports)", (y) =>
      y
        .positional("files", { type: "string", array: true, describe: "The .rel files to format" })
        .option("schema", { type: "string", default: "schema.rel", describe: "Without files: the entry .rel file, formatted with every file it imports" })
        .option("check", { type: "boolean", default: false, describe: "Write nothing; exit 1 listing the files that would change" })
        .example("$0 format --check", "In CI: fail when schema.rel or a file it imports is not formatted"),
    )
    .command("diagram [schema]", DIAGRAM_DESCRIPTION, diagramOptions)
    .command("migrate", "Evolve the database schema: dev (write the next migration), deploy, status, down", (y) =>
      y
        .command("dev [schema]", "Write the next migration for every dialect from the schema's changes since the last one", (d) =>
          d
            .positional("schema", { type: "string", describe: "The entry .rel file (default: \"schema\" from relgen.config.json or package.json's \"relgen\" key)" })
            .option("out", { alias: "o", type: "string", describe: "The build's output directory (default: the config's \"out\", else generated)" })
            .option("migrations", { type: "string", describe: "Migrations folder (default: <out>/migrations)" })
            .option("name", { alias: "n", type: "string", describe: "What the migration does, e.g. add_nickname (becomes 0002_add_nickname)" })
            .option("dialect", { type: "array", string: true, describe: "First migration only: which engines (later ones follow the folders that exist)" })
            .option("empty", { type: "boolean", default: false, describe: "Write an empty migration to fill in by hand (data changes)" })
            .option("allow-data-loss", { type: "boolean", default: false, describe: "Allow dropping tables or columns, narrowing types, and other changes that lose data" })
            .example("$0 migrate dev --name add_nickname", "Write 0002_add_nickname for each dialect from the schema's changes")
            .example("$0 migrate dev --empty --name backfill_slugs", "Write an empty migration to fill in by hand"),
        )
        .command("deploy", "Apply every pending migration to the database (exit 1 on drift, an edited migration or a failure)", (d) =>
          dbOptions(d)
            .example("$0 migrate deploy --url app.db", "Bring a SQLite database up to date")
            .example("DATABASE_URL=postgres://localhost/app $0 migrate deploy", "The database from the environment"),
        )
        .command("status", "List applied and pending migrations; report edited migrations and drift", (d) =>
          dbOptions(d).example("$0 migrate status --url mysql://root@localhost/app", "What is applied, what is pending, and any drift"),
        )
        .command("down", "Undo the newest applied migration (or every one newer than --to)", (d) =>
          dbOptions(d)
            .option("to", { type: "string", describe: "Undo every applied migration newer than this id (\"0\" undoes all)" })
            .example("$0 migrate down --url app.db", "Undo the newest applied migration")
            .example("$0 migrate down --to 0001 --url app.db", "Undo everything applied after 0001"),
        )
        .example("$0 migrate dev --name add_nickname", "Write the next migration")
        .example("$0 migrate deploy --url app.db", "Apply pending migrations")
        .demandCommand(1, "Name a migrate command: dev, deploy, status or down."),
    )
    .command("pull", "Write the .rel schema of an existing SQLite, PostgreSQL or MySQL/MariaDB database", (y) =>
      y
        .option("url", { type: "string", describe: "A SQLite file path, or a postgres:// or mysql:// URL (default: $DATABASE_URL)" })
        .option("out", { alias: "o", type: "string", describe: "Write the schema to this file (default: stdout); refused if the file was not written by relgen pull" })
        .option("force", { type: "boolean", default: false, describe: "With --out: replace the file even though relgen pull did not write it" })
        .example("$0 pull --url postgres://localhost/shop --out schema.rel", "Start a relgen project from an existing database"),
    )
    .option("format", { choices: ["text", "json"] as const, default: "text" as const, describe: "How diagnostics are printed" })
    .example("$0 build schema.rel --out src/db", "Generate models into src/db and migrations into src/db/migrations")
    .example("$0 build schema.rel --check", "Fail (exit 1) when the generated files are out of date")
    .example("$0 check schema.rel --format json", "Diagnostics as JSON, for editors and CI")
    .epilogue("Exit codes: 0 ok, 1 schema errors, stale output or a refused output folder, 2 usage errors. See docs/cli.md.")
    .example("$0 migrate dev schema.rel --out src/db --name add_nickname", "Write 0002_add_nickname for each dialect")
    .example("$0 migrate deploy --migrations src/db/migrations --url app.db", "Bring a database up to date")
    .example("$0 build", "With a relgen.config.json (or a \"relgen\" key in package.json), no paths are needed")
    .demandCommand(1, "Name a command: init, build, check or migrate.")
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
  const format = parsed.format as OutputFormat;
  // init runs before any config exists, so it never reads one.
  if (command === "init") return { command: "init", schema: String(parsed.schema), out: String(parsed.out), format };
  // pull reads a database, not a schema: no config needed.
  if (command === "pull") {
    const { url, out } = parsed as { url?: unknown; out?: unknown };
    return { command: "pull", ...(typeof url === "string" ? { url } : {}), ...(typeof out === "string" ? { out } : {}), force: parsed.force === true, format };
  }
  // format takes its files (or --schema) itself, config or not.
  if (command === "format") {
    const files = ((parsed.files as string[] | undefined) ?? []).map(String);
    return { command: "format", files, schema: String(parsed.schema ?? "schema.rel"), check: parsed.check === true, format };
  }
  let config: RelgenConfig | undefined;
  try {
    config = await loadConfig(cwd);
  } catch (error) {
    if (error instanceof ConfigError) return usageError(`${error.message}\n  = help: the keys are schema, out, migrations, dialects; paths are relative to the config file (relgen.config.json, relgen.config.mjs or relgen.config.js)`, "");
    throw error;
  }
  // Flags win over the config; the config wins over the built-in defaults.
  const out = typeof parsed.out === "string" ? parsed.out : (config?.out ?? "generated");
  const migrations = typeof parsed.migrations === "string" ? parsed.migrations : config?.migrations;
  const schemaArg = typeof parsed.schema === "string" ? parsed.schema : config?.schema;
  const needsSchema = command !== "migrate" || String(parsed._[1]) === "dev";
  if (needsSchema && schemaArg === undefined) {
    return usageError(
      `no schema given: name it (\`relgen ${command === "migrate" ? "migrate dev" : command} db/schema.rel\`) or set "schema" in relgen.config.json (\`relgen init\` writes one)`,
    );
  }
  const schema = schemaArg ?? "";
  if (command === "check") return { command: "check", schema, quiet: parsed.quiet === true, format };
  if (command === "diagram") {
    const diagram = diagramArgs(parsed, schema, format);
    return typeof diagram === "string" ? usageError(diagram) : diagram;
  }
  const flagDialects = parsed.dialect as string[] | undefined;
  const dialects = flagDialects === undefined || flagDialects.length === 0 ? (config?.dialects ?? DIALECTS) : normaliseDialects(flagDialects);
  if (typeof dialects === "string") return usageError(dialects);
  if (command === "migrate") {
    const action = String(parsed._[1]);
    if (action === "dev") {
      return {
        command: "migrate-dev",
        schema,
        out,
        ...(migrations === undefined ? {} : { migrations }),
        dialects,
        ...(typeof parsed.name === "string" ? { name: parsed.name } : {}),
        empty: parsed.empty === true,
        allowDataLoss: parsed["allow-data-loss"] === true,
        format,
      };
    }
    return {
      command: `migrate-${action}` as MigrateDbArgs["command"],
      migrations: migrations ?? join(out, "migrations"),
      ...(typeof parsed.url === "string" ? { url: parsed.url } : {}),
      ...(typeof parsed.to === "string" ? { to: parsed.to } : {}),
      format,
    };
  }
  if (parsed.check === true && parsed.watch === true) {
    return usageError("--watch and --check cannot be combined: --check compares once and exits (for CI), --watch keeps writing; drop one of them");
  }
  return {
    command: "build",
    schema,
    out,
    ...(migrations === undefined ? {} : { migrations }),
    dialects,
    check: parsed.check === true,
    watch: parsed.watch === true,
    quiet: parsed.quiet === true,
    format,
  };
}

const COMMANDS = ["init", "build", "check", "migrate", "format", "diagram", "pull"];
const MIGRATE_COMMANDS = ["dev", "deploy", "status", "down"];

/** `relgen bild` → did you mean `build`? (yargs would only say "Unknown arguments"). */
function unknownCommand(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith("-"));
  const check = (word: string | undefined, known: readonly string[], what: string) => {
    if (word === undefined || known.includes(word)) return undefined;
    const near = suggest(word, known);
    return `unknown ${what} "${word}"${near === undefined ? `; the commands are ${known.join(", ")}` : `: did you mean \`${near}\`?`}`;
  };
  // Options that take a value could put a non-command word first; commands come first in practice.
  if (argv.length === 0 || argv[0]!.startsWith("-")) return undefined;
  return check(words[0], COMMANDS, "command") ?? (words[0] === "migrate" && argv[1] !== undefined && !argv[1].startsWith("-") ? check(words[1], MIGRATE_COMMANDS, "migrate command") : undefined);
}

/** `--migrations` and `--url`, shared by deploy, status and down. */
function dbOptions<T>(y: import("yargs").Argv<T>) {
  return y
    .option("migrations", { type: "string", describe: "The migrations folder, holding sqlite/, postgres/, mysql/ (default: the config's \"migrations\", else <out>/migrations)" })
    .option("url", { type: "string", describe: "A SQLite file path, or a postgres:// or mysql:// URL (default: $DATABASE_URL)" });
}

function usageError(message: string, hint = "Run `relgen --help` for usage.\n"): ParsedArgs {
  return { command: "exit", code: 2, output: `relgen: ${message}\n${hint}` };
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
