import { compileFile, nodeHost } from "@relgen/dsl";
import type { CheckArgs } from "./args.js";
import { ExitCode, type CliIo } from "./io.js";
import { plural, reportDiagnostics, say } from "./report.js";

/** `relgen check`: validate only. */
export function runCheck(args: CheckArgs, io: CliIo): ExitCode {
  const result = compileFile(args.schema, nodeHost(io.cwd));
  reportDiagnostics(result, args.format, io);
  if (!result.ir) return ExitCode.schemaError;
  const { entities, tables, enums } = result.ir;
  say(
    io,
    args.format,
    `${args.schema}: ok (${plural(entities.length, "entity", "entities")}, ` +
      `${plural(tables.length, "table")}, ${plural(enums.length, "enum")})`,
  );
  return ExitCode.ok;
}
