import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { compileFile, nodeHost } from "@relgen/dsl";
import { EXTENSIONS, renderDiagram } from "../diagram/index.js";
import { writeGenerated } from "../write/writer.js";
import type { DiagramArgs } from "./args.js";
import { lockWait, refusable } from "./build-command.js";
import { ExitCode, type CliIo } from "./io.js";
import { emit } from "./json-report.js";
import { plural, reportDiagnostics, say } from "./report.js";

/**
 * Where the files go: `--out` ending in `.mmd` or `.svg` names the file;
 * anything else is a folder, where the files are named after the schema, and
 * a focused drawing after its focus too (`schema.Order.svg`), so that it
 * never replaces the whole schema's.
 */
export interface DiagramTarget {
  readonly dir: string;
  readonly stem: string;
}

export function diagramTarget(args: Pick<DiagramArgs, "schema" | "out" | "focus">): DiagramTarget {
  const extension = extname(args.out);
  if (Object.values(EXTENSIONS).includes(extension)) return { dir: dirname(args.out), stem: basename(args.out, extension) };
  const stem = basename(args.schema, extname(args.schema));
  return { dir: args.out, stem: args.focus === undefined ? stem : `${stem}.${args.focus}` };
}

/**
 * `relgen diagram`: the same compile as `relgen build`, then the schema as a
 * Mermaid `erDiagram` and a laid-out SVG, written through the build's writer
 * (atomically, refusing files relgen did not write). A schema error or an
 * unknown `--focus` writes nothing.
 */
export async function runDiagram(args: DiagramArgs, io: CliIo): Promise<ExitCode> {
  const result = compileFile(args.schema, nodeHost(io.cwd));
  emit(io, { schema: args.schema, out: args.out, diagnostics: [] });
  reportDiagnostics(result, args.format, io);
  if (result.ir === undefined) {
    say(io, args.format, "relgen diagram: nothing was written; fix the errors above and run again.");
    return ExitCode.schemaError;
  }
  const diagram = await renderDiagram(result.ir, {
    sourceName: basename(args.schema),
    formats: args.formats,
    ...(args.focus === undefined ? {} : { focus: { name: args.focus, depth: args.depth } }),
  });
  if (!diagram.ok) {
    emit(io, { error: { code: "usage", message: diagram.message, hint: diagram.help } });
    say(io, args.format, `relgen diagram: ${diagram.message}\n  = help: ${diagram.help}`);
    return ExitCode.usage;
  }
  const target = diagramTarget(args);
  const dir = resolve(io.cwd, target.dir);
  const files = diagram.texts.map((t) => ({ root: "code" as const, path: `${target.stem}${EXTENSIONS[t.format]}`, contents: t.contents }));
  const report = await refusable(io, args, () =>
    writeGenerated(files, { code: dir, migrations: dir }, {
      schema: resolve(io.cwd, args.schema),
      ...lockWait(io),
      // The manifest then says a diagram wrote the folder: a build refuses it, and a diagram refuses a build's.
      by: "diagram",
      // Diagrams of this schema written before under other names stay, and stay relgen's.
      preserve: () => true,
    }),
  );
  if (report === undefined) return ExitCode.schemaError;
  const shown = (path: string) => relative(io.cwd, join(dir, path)).split(sep).join("/");
  const { nodes, edges } = diagram.model;
  emit(io, { files: { written: report.written.map(shown), unchanged: report.unchanged.map(shown) }, nodes: nodes.length, edges: edges.length });
  for (const path of report.written) say(io, args.format, `wrote ${shown(path)}`);
  say(
    io,
    args.format,
    `relgen diagram: ${plural(nodes.length, "box", "boxes")}, ${plural(edges.length, "line")}; ` +
      `${report.written.length} written, ${report.unchanged.length} unchanged`,
  );
  return ExitCode.ok;
}
