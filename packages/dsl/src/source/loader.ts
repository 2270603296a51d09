import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { SchemaFile } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as catalog from "../diagnostics/catalog/imports.js";
import { parseSource } from "../syntax/parse.js";

/** Where source text comes from: the disk, or a map in tests. Paths are keys, kept as given. */
export interface SourceHost {
  /** The file's text, or undefined when it is missing or unreadable. */
  readFile(path: string): string | undefined;
  /** The key of `spec` imported from `fromFile` (relative to its folder). */
  resolve(fromFile: string, spec: string): string;
  /** Why `readFile` gave nothing, when it was not simply missing ("it is a directory"). */
  whyUnreadable?(path: string): string | undefined;
}

export interface LoadResult {
  /** Entry first, then imports depth-first in import order; each file once. */
  readonly files: readonly SchemaFile[];
  readonly sources: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

/** A missing file needs no reason; anything else does. */
function unreadableReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return undefined;
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Posix-normalised join that keeps relative paths relative (so output never holds absolute paths). */
function resolveWith(p: typeof path.posix, fromFile: string, spec: string): string {
  if (p.isAbsolute(spec)) return p.normalize(spec);
  return p.normalize(p.join(p.dirname(fromFile), spec));
}

export function nodeHost(root: string = process.cwd()): SourceHost {
  const reasons = new Map<string, string>();
  return {
    readFile(file) {
      try {
        return readFileSync(path.resolve(root, file), "utf8");
      } catch (error) {
        const reason = unreadableReason(error);
        if (reason) reasons.set(file, reason);
        return undefined;
      }
    },
    whyUnreadable: (file) => reasons.get(file),
    resolve: (fromFile, spec) => resolveWith(path.posix, toPosix(fromFile), toPosix(spec)),
  };
}

export function memoryHost(files: Record<string, string>): SourceHost {
  const byPath = new Map(Object.entries(files).map(([k, v]) => [path.posix.normalize(k), v]));
  return {
    readFile: (file) => byPath.get(path.posix.normalize(file)),
    resolve: (fromFile, spec) => resolveWith(path.posix, fromFile, spec),
  };
}

/** Reads and parses the entry file and everything it imports. Never throws. */
export function loadSchema(entryPath: string, host: SourceHost): LoadResult {
  // `./a.rel` and `a.rel` must be one key, or an import back to the entry would load it twice.
  const entry = path.posix.normalize(toPosix(entryPath));
  const files: SchemaFile[] = [];
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const loaded = new Set<string>();

  const entryText = host.readFile(entry);
  if (entryText === undefined) {
    const span = { file: entry, start: 0, end: 0, line: 1, column: 1 };
    return { files, sources, diagnostics: [catalog.entryNotFound(span, entry, host.whyUnreadable?.(entry))] };
  }

  // `chain` is the import stack from the entry to `file`: meeting a file on it again is a cycle.
  const visit = (file: string, text: string, chain: readonly string[]): void => {
    loaded.add(file);
    sources.set(file, text);
    const { ast, diagnostics: parsed } = parseSource(text, file);
    files.push(ast);
    diagnostics.push(...parsed);
    for (const imp of ast.imports) {
      const target = host.resolve(file, imp.path);
      const at = imp.pathSpan ?? imp.span;
      const cycleStart = [...chain, file].indexOf(target);
      if (cycleStart >= 0) {
        diagnostics.push(catalog.importCycle(at, [...[...chain, file].slice(cycleStart), target]));
        continue;
      }
      if (loaded.has(target)) continue; // diamond: already loaded through another path
      const targetText = host.readFile(target);
      if (targetText === undefined) {
        diagnostics.push(catalog.importNotFound(at, imp.path, target, host.whyUnreadable?.(target)));
        continue;
      }
      visit(target, targetText, [...chain, file]);
    }
  };
  visit(entry, entryText, []);
  return { files, sources, diagnostics };
}
