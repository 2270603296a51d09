import { expect } from "vitest";
import { compileSource, type CompileResult } from "../../src/compile.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { EntityIR, RelationIR, SchemaIR, TableIR } from "../../src/ir/schema-ir.js";

/** Compiles `.rel` text that must be valid; fails the test with the diagnostics otherwise. */
export function compileOk(src: string): SchemaIR {
  const result = compileSource(src);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual([]);
  expect(result.ir).toBeDefined();
  return result.ir!;
}

export function compile(src: string): CompileResult {
  return compileSource(src);
}

export function entity(ir: SchemaIR, name: string): EntityIR {
  const e = ir.entities.find((x) => x.name === name);
  if (!e) throw new Error(`no entity ${name}`);
  return e;
}

export function relation(ir: SchemaIR, owner: string, name: string): RelationIR {
  const r = entity(ir, owner).relations.find((x) => x.name === name);
  if (!r) throw new Error(`no relation ${owner}.${name}`);
  return r;
}

export function table(ir: SchemaIR, name: string): TableIR {
  const t = ir.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

/** Line and column (1-based) of the `nth` occurrence of `needle` in `src`. */
export function locate(src: string, needle: string, nth = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = src.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found ${nth} times`);
  }
  const before = src.slice(0, at).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The diagnostics of one code; asserts there is at least one. */
export function diagnosticsOf(result: CompileResult, code: string): Diagnostic[] {
  const found = result.diagnostics.filter((d) => d.code === code);
  expect(found, `expected ${code}, got ${result.diagnostics.map((d) => `${d.code}: ${d.message}`).join(" | ") || "nothing"}`).not.toHaveLength(0);
  return found;
}

/** Every nested object is frozen. */
export function expectDeepFrozen(value: unknown, path = "ir"): void {
  if (typeof value !== "object" || value === null) return;
  expect(Object.isFrozen(value), `${path} is frozen`).toBe(true);
  for (const [k, v] of Object.entries(value)) expectDeepFrozen(v, `${path}.${k}`);
}

/** An `id` column line, to keep fixtures short. */
export const ID = "id Int @id @default(autoincrement())";
