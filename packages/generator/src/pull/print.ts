import { formatSource } from "@relgen/dsl";
import type { PulledDecl, PulledSchema } from "./model.js";

/** The first line of every file pull writes: how `--out` tells its own earlier output from a user's schema. */
export const PULL_HEADER = "// Pulled by `relgen pull`";

/**
 * The schema as `.rel` text, laid out by the formatter `relgen format` uses.
 * Nothing about the run (time, URL) is printed, so the same database gives
 * byte-identical text.
 */
export function printSchema(schema: PulledSchema): string {
  const lines = [
    `${PULL_HEADER} from a ${schema.dialect} database. Edit it freely; pull again with --force to start over.`,
  ];
  if (schema.notes.length > 0) {
    lines.push("//", "// Not expressible in .rel, so not pulled (see docs/pull.md):");
    for (const note of schema.notes) lines.push(`// - ${note.replace(/\s*\n\s*/g, " ")}`);
  }
  lines.push("");
  for (const e of schema.enums) lines.push(`enum ${e.name} { ${e.values.join(" ")} }`, "");
  for (const decl of schema.decls) lines.push(...declaration(decl), "");
  const text = `${lines.join("\n").trimEnd()}\n`;
  const formatted = formatSource(text, "pulled.rel");
  // The printer only writes what the grammar accepts; a parse error here is a bug in pull, so it surfaces as one.
  if (formatted.text === undefined) {
    throw new Error(`relgen pull printed a schema that does not parse: ${formatted.diagnostics.map((d) => d.message).join("; ")}`);
  }
  return formatted.text;
}

/** A comment as `///` lines; a line of its own cannot end the doc early, so only line breaks need care. */
const doc = (text: string | undefined, indent: string): string[] =>
  text === undefined ? [] : text.split(/\r?\n/).map((line) => `${indent}///${line.trim() === "" ? "" : ` ${line.trimEnd()}`}`);

function declaration(decl: PulledDecl): string[] {
  const out = [...doc(decl.doc, ""), `${decl.keyword} ${decl.name} {`];
  for (const attr of decl.blockAttributes.filter((a) => a.startsWith("@@table"))) out.push(`  ${attr}`, "");
  for (const f of decl.fields) out.push(...doc(f.doc, "  "), `  ${[f.name, f.type, ...f.attributes].join(" ")}`);
  if (decl.relations.length > 0) {
    out.push("");
    for (const r of decl.relations) out.push(`  ${[r.name, r.type, ...r.attributes].join(" ")}`);
  }
  const rest = decl.blockAttributes.filter((a) => !a.startsWith("@@table"));
  if (rest.length > 0) out.push("", ...rest.map((a) => `  ${a}`));
  out.push("}");
  return out;
}
