import { relative, resolve } from "node:path";
import { RelgenError } from "@relgen/runtime";
import { migrate, migrateDown, migrationStatus, type MigratorOptions, type StatusResult } from "@relgen/runtime/migrate";
import type { MigrateDbArgs } from "./args.js";
import { isUrl } from "./database-url.js";
import { ExitCode, type CliIo } from "./io.js";
import { emit } from "./json-report.js";
import { plural, say } from "./report.js";

/**
 * `relgen migrate deploy | status | down`: the runtime's migrator with
 * the CLI's conventions — progress on stdout, a refusal or failure explained
 * on stderr with exit 1, `--format json` for machines.
 */
export async function runMigrateDb(args: MigrateDbArgs, io: CliIo): Promise<ExitCode> {
  const url = args.url ?? io.env.DATABASE_URL;
  if (url === undefined || url === "") {
    const message = "name the database with --url (a SQLite file path, or a postgres:// or mysql:// URL) or set DATABASE_URL.";
    emit(io, { error: { code: "usage", message } });
    io.stderr.write(`relgen: ${message}\n`);
    return ExitCode.usage;
  }
  const dir = resolve(io.cwd, args.migrations);
  const options: MigratorOptions = {
    dir,
    url: isUrl(url) ? url : resolve(io.cwd, url),
    log: (line) => {
      if (args.format === "text") say(io, args.format, `relgen: ${line}`);
    },
  };
  const shown = relative(io.cwd, dir) || ".";
  try {
    switch (args.command) {
      case "migrate-deploy": {
        const result = await migrate(options);
        if (args.format === "json") emit(io, { ...result });
        else if (result.applied.length === 0) say(io, args.format, `relgen: the database is up to date (${plural(result.upToDate, "migration")} applied from ${shown}).`);
        else say(io, args.format, `relgen: applied ${plural(result.applied.length, "migration")}; the database is up to date.`);
        return ExitCode.ok;
      }
      case "migrate-status": {
        const status = await migrationStatus(options);
        if (args.format === "json") emit(io, { ...status });
        else printStatus(io, status, shown);
        const troubled = status.edited.length + status.missing.length + status.drift.length > 0 || status.partial !== undefined;
        return troubled ? ExitCode.schemaError : ExitCode.ok;
      }
      case "migrate-down": {
        const result = await migrateDown({ ...options, ...(args.to === undefined ? {} : { to: args.to }) });
        if (args.format === "json") emit(io, { ...result });
        else say(io, args.format, `relgen: undid ${plural(result.reverted.length, "migration")}.`);
        return ExitCode.ok;
      }
    }
  } catch (error) {
    if (!(error instanceof RelgenError)) throw error;
    emit(io, { error: { code: error.name, message: error.message } });
    io.stderr.write(`relgen: ${error.message.replace(/\n?$/, "\n")}`);
    return ExitCode.schemaError;
  }
}

function printStatus(io: CliIo, status: StatusResult, shown: string): void {
  const line = (text: string) => say(io, "text", text);
  line(`relgen: ${status.dialect} database, migrations from ${shown}:`);
  for (const m of status.applied) line(`  applied  ${m.id}  (${m.appliedAt}, ${m.durationMs} ms)`);
  if (status.partial !== undefined) line(`  PARTIAL  ${status.partial.id}  (${status.partial.statementsDone} of ${status.partial.statementsTotal} statements ran)`);
  for (const id of status.pending) if (id !== status.partial?.id) line(`  pending  ${id}`);
  for (const id of status.edited) line(`  EDITED   ${id}: the file changed after it was applied`);
  for (const id of status.missing) line(`  MISSING  ${id}: applied, but its file is gone`);
  if (status.drift.length > 0) {
    line("  DRIFT: the database differs from what the applied migrations produce:");
    for (const d of status.drift) line(`    ${d}`);
  }
  if (status.pending.length === 0 && status.edited.length + status.missing.length + status.drift.length === 0 && status.partial === undefined) {
    line("  the database is up to date");
  }
}
