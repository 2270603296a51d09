// What an editor's TypeScript server does when one file is open: build the
// program (every file the open one reaches) and check that file alone. Its
// instantiation count is the checker's work for that file, which is what
// issue 14's editor requirement is about; tsc, by contrast, checks every
// file of the program. Usage: node check-one-file.mjs <typescript/lib dir's
// typescript.js> <tsconfig> <file>; prints one `relgen-scale-one-file {json}` line.
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [typescript, project, file] = process.argv.slice(2);
const ts = createRequire(import.meta.url)(typescript);
const started = performance.now();
const config = ts.getParsedCommandLineOfConfigFile(project, {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  },
});
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
const source = program.getSourceFile(resolve(file));
if (source === undefined) throw new Error(`${file} is not in the program of ${project}`);
const loaded = performance.now();
const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
const checked = performance.now();
const firstError = diagnostics.length === 0 ? undefined : `TS${diagnostics[0].code}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, " ")}`;
const report = {
  files: program.getSourceFiles().length,
  programMs: Math.round(loaded - started),
  checkMs: Math.round(checked - loaded),
  instantiations: program.getInstantiationCount(),
  types: program.getTypeCount(),
  errors: diagnostics.length,
  firstError,
};
process.stdout.write(`relgen-scale-one-file ${JSON.stringify(report)}\n`);
