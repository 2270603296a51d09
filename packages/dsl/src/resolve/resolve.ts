import type { SchemaFile } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { deepFreeze } from "../ir/freeze.js";
import type { SchemaIR } from "../ir/schema-ir.js";
import { resolveAttributes } from "./attributes.js";
import { buildIR } from "./build.js";
import { resolveKeys } from "./keys.js";
import type { PassResult } from "./model.js";
import { resolveNames } from "./names.js";
import { resolveRelations } from "./relations.js";
import { resolveRules } from "./rules.js";
import { resolveTypes } from "./types.js";

export interface ResolveResult {
  readonly ir?: SchemaIR;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Runs the passes in order (names → types → attributes → keys → relations →
 * rules → build → freeze), stopping after the first pass that reports an
 * error, so later passes never see facts that are known to be wrong.
 * Warnings do not stop the run.
 */
export function resolveSchema(files: readonly SchemaFile[]): ResolveResult {
  const diagnostics: Diagnostic[] = [];
  const run = <T>(result: PassResult<T>): T | undefined => {
    diagnostics.push(...result.diagnostics);
    return hasErrors(result.diagnostics) ? undefined : result.facts;
  };
  const names = run(resolveNames(files));
  const types = names && run(resolveTypes(names));
  const attrs = types && run(resolveAttributes(types));
  const keys = attrs && run(resolveKeys(attrs));
  const relations = keys && run(resolveRelations(keys));
  const rules = relations && run(resolveRules(relations));
  if (!rules) return { diagnostics };
  return { ir: deepFreeze(buildIR(rules)), diagnostics };
}
