import { basename, join, relative, resolve } from "node:path";
import { compileFile, nodeHost } from "@relgen/dsl";
import type { GeneratedFile } from "../contract.js";
import { generate } from "../generate.js";
import { expectedCatalog, renderCatalog } from "../migrate/expected-catalog.js";
import { planMigration, renderEmptyMigration, renderMigration, renderSnapshot } from "../migrate/index.js";
import type { SchemaSnapshot } from "../migrate/snapshot-types.js";
import { migrationSlug, nextMigrationId, readMigrationsFolder, type MigrationsFolder } from "../project/migrations-folder.js";
import { migrationCatalogPath, migrationDownPath, migrationUpPath, snapshotPath } from "../views/naming.js";
import { writeGenerated } from "../write/writer.js";
import type { MigrateDevArgs } from "./args.js";
import { lockWait, refusable } from "./build-command.js";
import { ExitCode, type CliIo } from "./io.js";
import { emit } from "./json-report.js";
import { plural, reportDiagnostics, say } from "./report.js";

/**
 * `relgen migrate dev`: diff the schema against the newest snapshot and
 * write the next migration for every dialect folder (up, down, expected
 * catalog) plus the new snapshot, all or nothing. Never overwrites; no
 * change writes nothing.
 */
export async function runMigrateDev(args: MigrateDevArgs, io: CliIo): Promise<ExitCode> {
  const result = compileFile(args.schema, nodeHost(io.cwd));
  emit(io, { schema: args.schema, diagnostics: [] });
  reportDiagnostics(result, args.format, io);
  if (!result.ir) {
    say(io, args.format, "relgen: no migration was written; fix the errors above and run again.");
    return ExitCode.schemaError;
  }
  const ir = result.ir;
  const dirs = {
    code: resolve(io.cwd, args.out),
    migrations: resolve(io.cwd, args.migrations ?? join(args.out, "migrations")),
  };
  const shown = relative(io.cwd, dirs.migrations) || ".";
  const folder = await refusable(io, args, () => readMigrationsFolder(dirs.migrations));
  if (folder === undefined) return ExitCode.schemaError;
  const sourceName = basename(args.schema);

  let files: GeneratedFile[];
  let id: string;
  let lines: readonly string[];
  if (folder.latest === undefined) {
    // The first migration is the whole schema: exactly what `relgen build` writes as 0001_init.
    if (folder.dialects.length > 0) return refuseUnsnapshotted(io, args, folder, shown);
    if (args.empty) {
      say(io, args.format, `relgen: ${shown} has no migration yet; the first one creates the schema (run without --empty).`);
      return ExitCode.schemaError;
    }
    files = await generate(ir, { dialects: args.dialects, sourceName, roots: ["migrations"] });
    id = "0001_init";
    lines = [`create the schema (${plural(ir.tables.length, "table")}, ${plural(ir.enums.length, "enum")})`];
  } else {
    const previous = folder.latest.snapshot;
    const plan = planMigration(previous, ir, { allowDataLoss: args.allowDataLoss });
    if (plan.diagnostics.length > 0) {
      const report = { diagnostics: plan.diagnostics, sources: result.sources };
      reportDiagnostics(report, args.format, io);
      if (plan.diagnostics.some((d) => d.severity === "error")) {
        say(io, args.format, "relgen: no migration was written; fix the errors above and run again.");
        return ExitCode.schemaError;
      }
    }
    if (!args.empty && plan.changes.length === 0) {
      emit(io, { migration: null, since: folder.latest.id });
      say(io, args.format, `relgen: no changes since ${folder.latest.id}; nothing was written.`);
      return ExitCode.ok;
    }
    if (!args.empty && plan.losses.length > 0 && !args.allowDataLoss) {
      emit(io, { refused: "data loss", losses: plan.losses });
      say(io, args.format, `relgen: refused: this migration would lose data:`);
      for (const loss of plan.losses) say(io, args.format, `  ${loss.column === undefined ? loss.table : `${loss.table}.${loss.column}`}: ${loss.reason}`);
      say(io, args.format, "  = help: back up first, then run again with --allow-data-loss if this is what you want; or change the schema (add a default, keep the column, use @renamedFrom for a rename)");
      say(io, args.format, "relgen: no migration was written.");
      return ExitCode.schemaError;
    }
    const slug = migrationSlug(args.name ?? (args.empty ? "data" : "")) ?? undefined;
    if (slug === undefined) {
      say(io, args.format, "relgen: name the migration with --name <what_changed> (e.g. --name add_nickname): it becomes part of its file names.");
      return ExitCode.usage;
    }
    id = nextMigrationId(folder, slug);
    const options = { id, sourceName };
    // A hand-written migration changes data, not the schema: the snapshot and the expected catalog stay as they were.
    const after: SchemaSnapshot = args.empty ? previous : plan.next;
    files = [{ root: "migrations", path: snapshotPath(id), contents: renderSnapshot(after) }];
    for (const dialect of folder.dialects) {
      const sql = args.empty ? renderEmptyMigration(dialect, options) : renderMigration(plan, previous, dialect, options);
      files.push(
        { root: "migrations", path: migrationUpPath(dialect, id), contents: sql.up },
        { root: "migrations", path: migrationDownPath(dialect, id), contents: sql.down },
        { root: "migrations", path: migrationCatalogPath(dialect, id), contents: renderCatalog(expectedCatalog(after, dialect)) },
      );
    }
    lines = args.empty ? ["an empty migration to fill in by hand"] : plan.summary;
    if (args.empty && plan.changes.length > 0) {
      say(io, args.format, `relgen: note: the schema also has ${plural(plan.changes.length, "change")} this hand-written migration does not capture; run \`relgen migrate dev\` again after it to write them.`);
    }
  }

  const written = await refusable(io, args, () =>
    writeGenerated(files, dirs, { schema: resolve(io.cwd, args.schema), ...lockWait(io), preserve: () => true, createOnly: true }),
  );
  if (written === undefined) return ExitCode.schemaError;
  const dialects = [...new Set(files.filter((f) => f.path.endsWith(".sql")).map((f) => f.path.split("/")[0]))];
  emit(io, { migration: id, dialects, changes: lines, files: files.map((f) => relative(io.cwd, join(dirs.migrations, f.path))) });
  say(io, args.format, `relgen: wrote migration ${id} for ${dialects.join(", ")} in ${shown}:`);
  for (const line of lines) say(io, args.format, `  ${line}`);
  if (args.empty) say(io, args.format, `  = next: write the SQL in ${shown}/<dialect>/${id}.sql (and its .down.sql), then \`relgen migrate deploy\``);
  else say(io, args.format, `  = next: review the SQL, then \`relgen migrate deploy --migrations ${shown} --url <database>\``);
  return ExitCode.ok;
}

/** Migrations written by a relgen without snapshots: there is nothing to diff against. */
function refuseUnsnapshotted(io: CliIo, args: MigrateDevArgs, folder: MigrationsFolder, shown: string): ExitCode {
  say(io, args.format, `relgen: cannot write a migration: ${shown} holds migrations (${folder.ids.join(", ")}) but no snapshots/ folder, so relgen cannot tell what changed since them.`);
  say(io, args.format, "  = help: run `relgen build` once with the schema those migrations were made from (it adds the snapshot), or start the folder over if no database has run them");
  return ExitCode.schemaError;
}
