import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { hasErrors, sortDiagnostics } from "./diagnostics/diagnostic.js";
import { internalError } from "./diagnostics/catalog/rules.js";
import type { SchemaIR } from "./ir/schema-ir.js";
import { resolveSchema } from "./resolve/resolve.js";
import { loadSchema, memoryHost, nodeHost, type LoadResult, type SourceHost } from "./source/loader.js";
import type { ParseCache } from "./syntax/parse-cache.js";

export interface CompileResult {
  /** Present exactly when no diagnostic is an error. Deep-frozen. */
  readonly ir?: SchemaIR;
  /** Sorted by file, offset, code. */
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read, by path, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
}

export interface CompileHooks {
  /** For `relgen build`'s opt-in stage timings (RELGEN_TIMINGS=1, used by `npm run bench:scale`): called once per stage that ran, with its wall time; parse includes reading the files. */
  readonly onStage?: (stage: "parse" | "resolve", ms: number) => void;
  /** Kept across the compiles of one session (`relgen build --watch`): unchanged declarations are not parsed again. */
  readonly parseCache?: ParseCache;
}

/**
 * Loads `entry` and its imports, then resolves them into the IR. A stage that
 * reports errors ends the run (syntax or import errors are reported alone,
 * but for the recovered Prisma habits below),
 * so the user never sees errors that are consequences of earlier ones.
 * Never throws.
 */
export function compileFile(entry: string, host: SourceHost = nodeHost(), hooks: CompileHooks = {}): CompileResult {
  try {
    const started = performance.now();
    const loaded = loadSchema(entry, host, hooks.parseCache);
    hooks.onStage?.("parse", performance.now() - started);
    return compileLoaded(entry, loaded, hooks);
  } catch (err) {
    return internalFailure(entry, err, new Map());
  }
}

/** The resolve half of {@link compileFile}, for a caller that has already loaded the schema (the language server). Never throws. */
export function compileLoaded(entry: string, loaded: LoadResult, hooks: Pick<CompileHooks, "onStage"> = {}): CompileResult {
  const sources = loaded.sources;
  try {
    if (loaded.diagnostics.some(stopsResolution) || loaded.files.length === 0) {
      return { diagnostics: sortDiagnostics(loaded.diagnostics), sources };
    }
    const started = performance.now();
    const resolved = resolveSchema(loaded.files);
    hooks.onStage?.("resolve", performance.now() - started);
    const diagnostics = sortDiagnostics([...loaded.diagnostics, ...resolved.diagnostics]);
    return hasErrors(diagnostics) || !resolved.ir ? { diagnostics, sources } : { ir: resolved.ir, diagnostics, sources };
  } catch (err) {
    return internalFailure(entry, err, sources);
  }
}

function internalFailure(entry: string, err: unknown, sources: ReadonlyMap<string, string>): CompileResult {
  const detail = err instanceof Error ? err.message : String(err);
  const span = { file: entry, start: 0, end: 0, line: 1, column: 1 };
  return { diagnostics: [internalError(span, detail)], sources };
}

/**
 * Syntax errors whose text was read as what it meant (Prisma's `model` as
 * `entity`, a skipped `datasource` block) leave a whole AST behind, so
 * resolving still reports the body's own errors in the same run.
 */
const RECOVERED = new Set(["E0116", "E0117"]);
const stopsResolution = (d: Diagnostic) => d.severity === "error" && !RECOVERED.has(d.code);

/** Compiles one in-memory file; its imports are looked up beside it in the same (empty) memory host. */
export function compileSource(text: string, file = "schema.rel"): CompileResult {
  return compileFile(file, memoryHost({ [file]: text }));
}
