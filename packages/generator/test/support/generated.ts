import type { SchemaIR } from "@relgen/dsl";
import { type Dialect, type GeneratedFile, generate } from "../../src/index.js";

/** Generates and returns one file's contents by root-relative path (throws when absent). */
export async function generatedFile(ir: SchemaIR, path: string, dialects?: readonly Dialect[]): Promise<string> {
  const files = await generate(ir, dialects ? { dialects } : {});
  return fileContents(files, path);
}

export function fileContents(files: readonly GeneratedFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`not generated: ${path} (have ${files.map((f) => f.path).join(", ")})`);
  return file.contents;
}

/** The statements of a SQL file, comments dropped, whitespace collapsed. */
export function statements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((l) => !l.startsWith("--"))
    .join("\n")
    .split(";")
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => s !== "");
}
