import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { compileSource, hasErrors, type CompileResult } from "@relgen/dsl";
import { redact, sqlitePath } from "@relgen/runtime/migrate";
import { pullSchema } from "../pull/pull.js";
import { PULL_HEADER } from "../pull/print.js";
import { writeFileAtomically } from "../write/atomic-file.js";
import { describeIoError } from "../write/errors.js";
import type { PullArgs } from "./args.js";
import { isUrl } from "./database-url.js";
import { ExitCode, type CliIo } from "./io.js";
import { emit } from "./json-report.js";
import { plural, reportDiagnostics } from "./report.js";

/**
 * `relgen pull`: the `.rel` schema of an existing database, on stdout or into
 * `--out`. A file there that pull did not write is the user's schema, so it
 * is refused (before the database is even opened, and again just before the
 * write) unless `--force` says so. The SQLite database itself is refused as
 * `--out` even with `--force`: the text would replace the data.
 * Warnings (what `.rel` cannot say) go to stderr, so stdout stays the schema.
 */
export async function runPull(args: PullArgs, io: CliIo): Promise<ExitCode> {
  const url = args.url ?? io.env.DATABASE_URL;
  if (url === undefined || url === "") {
    return refuse(io, ExitCode.usage, "usage", "name the database with --url (a SQLite file path, or a postgres:// or mysql:// URL) or set DATABASE_URL.");
  }
  const out = args.out === undefined ? undefined : resolve(io.cwd, args.out);
  const target = isUrl(url) ? url : resolve(io.cwd, url);
  if (out !== undefined && isSqliteFile(target, out)) {
    return refuse(io, ExitCode.schemaError, "refused", `refusing to write the schema over the database itself: --out ${relative(io.cwd, out)} is the SQLite file --url names. Choose another --out (schema.rel).`);
  }
  if (out !== undefined && existsSync(out) && !args.force && !writtenByPull(out)) return refuseOverwrite(io, out);
  let result;
  try {
    result = await pullSchema(target);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.replace(/[.\s]+$/, "");
    return refuse(io, ExitCode.schemaError, "database", `cannot read ${redact(url)}: ${reason}. Check the URL and that the server is running; nothing was written.`);
  }
  for (const warning of result.warnings) io.stderr.write(`relgen pull: warning: ${warning}\n`);
  if (result.schema.decls.length === 0) {
    io.stderr.write(
      "relgen pull: warning: the database has no tables, so the schema is empty; check the URL (PostgreSQL reads the schema named by ?schema=, else the search path's first, usually public)\n",
    );
  }
  // Checked as `relgen check` would: a name the database allows but the language does not is reported against the pulled text.
  const shownFile = out === undefined ? "pulled.rel" : relative(io.cwd, out);
  const compiled = compileSource(result.text, shownFile);
  const { decls, enums } = result.schema;
  const entities = decls.filter((d) => d.keyword === "entity").length;
  const summary = `${plural(entities, "entity", "entities")}, ${plural(decls.length - entities, "association table")}, ${plural(enums.length, "enum")}, ${plural(result.warnings.length, "warning")}`;
  if (out === undefined) {
    if (args.format === "json") emit(io, { schema: result.text, warnings: result.warnings });
    else io.stdout.write(result.text);
    io.stderr.write(`relgen pull: ${summary}\n`);
    return reportCompile(compiled, args, io, shownFile);
  }
  // Checked again: a file created while the database was read (by an editor, another pull) is as much the user's as one that was there before.
  if (existsSync(out) && !args.force && !writtenByPull(out)) return refuseOverwrite(io, out);
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileAtomically(out, result.text, "pull");
  } catch (error) {
    return refuse(io, ExitCode.schemaError, "write", `cannot write ${relative(io.cwd, out)}: ${describeIoError(error)}. Nothing was written; choose another --out.`);
  }
  emit(io, { out: relative(io.cwd, out), warnings: result.warnings });
  io.stderr.write(`relgen pull: wrote ${relative(io.cwd, out)} (${summary}); next, \`relgen build ${relative(io.cwd, out)}\`\n`);
  return reportCompile(compiled, args, io, shownFile);
}

/** The pulled schema's own errors (exit 1): the text is still given, to be fixed by hand where the diagnostics point. */
function reportCompile(compiled: CompileResult, args: PullArgs, io: CliIo, file: string): ExitCode {
  if (!hasErrors(compiled.diagnostics)) return ExitCode.ok;
  reportDiagnostics(compiled, args.format, io);
  io.stderr.write(`relgen pull: the pulled schema does not compile (above): the database has names or constructs relgen could not map. Fix them in ${file}, then run \`relgen check ${file}\`.\n`);
  return ExitCode.schemaError;
}

function refuseOverwrite(io: CliIo, out: string): ExitCode {
  return refuse(
    io,
    ExitCode.schemaError,
    "refused",
    `refusing to overwrite ${relative(io.cwd, out)}: it was not written by relgen pull (its first line is not "${PULL_HEADER}"), so it may be your schema. ` +
      "Pull into another file (--out pulled.rel) and compare, or pass --force to replace it.",
  );
}

/** Whether `out` is the SQLite database `url` names; compared by device and inode, so symlinks, `..` and hard links are seen through. */
function isSqliteFile(url: string, out: string): boolean {
  try {
    if (isUrl(url) && !/^(file|sqlite):/i.test(url)) return false; // a server's URL
    const database = statSync(resolve(sqlitePath(url)));
    const file = statSync(out);
    return database.dev === file.dev && database.ino === file.ino;
  } catch {
    return false; // either file missing: nothing to protect, and the pull explains a missing database itself
  }
}

function writtenByPull(file: string): boolean {
  try {
    return readFileSync(file, "utf8").startsWith(PULL_HEADER);
  } catch {
    return false;
  }
}

function refuse(io: CliIo, code: ExitCode, kind: string, message: string): ExitCode {
  emit(io, { error: { code: kind, message } });
  io.stderr.write(`relgen pull: ${message}\n`);
  return code;
}
