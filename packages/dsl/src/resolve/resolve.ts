import type { Declaration, SchemaFile } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { deepFreeze } from "../ir/freeze.js";
import type { SchemaIR } from "../ir/schema-ir.js";
import { resolveAttributes } from "./attributes.js";
import { buildIR } from "./build.js";
import { failingParts, withoutParts } from "./isolate.js";
import { resolveKeys } from "./keys.js";
import type { PassResult } from "./model.js";
import { resolveNames } from "./names.js";
import { checkPortability } from "./portability.js";
import { checkDefaultRanges } from "./default-ranges.js";
import { resolveRelations } from "./relations.js";
import { resolveRules } from "./rules.js";
import { resolveTypes } from "./types.js";

export interface ResolveResult {
  readonly ir?: SchemaIR;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Resolves the schema; when it has errors, resolves again without the parts
 * holding them (an attribute, a field, or a whole declaration) and the parts
 * that lean on those, so every independent problem is reported in the same
 * run rather than one fix at a time, and none that merely follows from
 * another.
 */
export function resolveSchema(files: readonly SchemaFile[]): ResolveResult {
  const first = runPasses(files);
  if (first.ir) return first;
  const diagnostics = [...first.diagnostics];
  const seen = new Set(diagnostics.map(key));
  const keyless = new Set<Declaration>();
  let remaining = files;
  let errors = diagnostics.filter((d) => d.severity === "error");
  // each round sets aside at least one part still present, so this ends
  for (;;) {
    const aside = failingParts(remaining, errors);
    if (!aside || aside.parts.size === 0) break;
    for (const d of aside.keyless) keyless.add(d);
    remaining = withoutParts(remaining, aside.parts);
    if (remaining.every((f) => f.declarations.length === 0)) break;
    const next = runPasses(remaining);
    const fresh = next.diagnostics.filter((d) => !seen.has(key(d)) && !followsFromSetAsideKey(d, keyless));
    for (const d of fresh) seen.add(key(d));
    diagnostics.push(...fresh);
    errors = next.diagnostics.filter((d) => d.severity === "error");
    if (errors.length === 0) break;
  }
  return { diagnostics };
}

/** "No primary key" where the key field was set aside for its own error. */
function followsFromSetAsideKey(d: Diagnostic, keyless: ReadonlySet<Declaration>): boolean {
  if (d.code !== "E0601") return false;
  for (const decl of keyless) {
    if (decl.span.file === d.span.file && d.span.start >= decl.span.start && d.span.start < decl.span.end) return true;
  }
  return false;
}

function key(d: Diagnostic): string {
  return `${d.span.file}:${d.span.start}:${d.code}:${d.message}`;
}

/**
 * Runs the passes in order (names → types → attributes → portability →
 * default ranges → keys → relations →
 * rules → build → freeze), stopping after the first pass that reports an
 * error, so later passes never see facts that are known to be wrong.
 * Warnings do not stop the run.
 */
function runPasses(files: readonly SchemaFile[]): ResolveResult {
  const diagnostics: Diagnostic[] = [];
  const run = <T>(result: PassResult<T>): T | undefined => {
    diagnostics.push(...result.diagnostics);
    return hasErrors(result.diagnostics) ? undefined : result.facts;
  };
  const names = run(resolveNames(files));
  const types = names && run(resolveTypes(names));
  const attrs = types && run(resolveAttributes(types));
  const portable = attrs && run(checkPortability(attrs));
  const ranged = portable && run(checkDefaultRanges(portable));
  const keys = ranged && run(resolveKeys(ranged));
  const relations = keys && run(resolveRelations(keys));
  const rules = relations && run(resolveRules(relations));
  if (!rules) return { diagnostics };
  return { ir: deepFreeze(buildIR(rules)), diagnostics };
}
