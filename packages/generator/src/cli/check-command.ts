import { compileFile, nodeHost } from "@relgen/dsl";
import type { CheckArgs } from "./args.js";
import { ExitCode, type CliIo } from "./io.js";
import { emit } from "./json-report.js";
import { quietText } from "./build-command.js";
import { plural, reportDiagnostics, say } from "./report.js";

/** `relgen check`: validate only. */
export function runCheck(args: CheckArgs, io: CliIo): ExitCode {
  const result = compileFile(args.schema, nodeHost(io.cwd));
  emit(io, { schema: args.schema, diagnostics: [] });
  reportDiagnostics(result, args.format, io);
  if (!result.ir) return ExitCode.schemaError;
  const { entities, tables, enums } = result.ir;
  emit(io, { entities: entities.length, tables: tables.length, enums: enums.length });
  if (quietText(args)) return ExitCode.ok;
  say(
    io,
    args.format,
    `${args.schema}: ok (${plural(entities.length, "entity", "entities")}, ` +
      `${plural(tables.length, "table")}, ${plural(enums.length, "enum")})`,
  );
  return ExitCode.ok;
}
