import { compileLoaded, loadSchema, type Diagnostic, type ParseCache, type SchemaFile, type SchemaIR, type SourceHost } from "@relgen/dsl";

/** One compile, as `relgen build <entry>` would run it: an entry file and everything it imports. */
export interface Unit {
  readonly entry: string;
  /** Entry first, then its imports (the loader's order). */
  readonly files: readonly SchemaFile[];
  readonly sources: ReadonlyMap<string, string>;
  /** Sorted by file, offset, code. */
  readonly diagnostics: readonly Diagnostic[];
  /** Present when the schema has no error. */
  readonly ir?: SchemaIR;
}

/**
 * Compiles the open documents as few units as cover them all: a document that
 * another open document imports is compiled as part of that one (its
 * diagnostics then know the importer's declarations), never alone. The
 * document reaching the most files goes first, ties by path, so the choice is
 * the same on every run, import cycles included.
 */
export function compileUnits(open: readonly string[], host: SourceHost, parseCache: ParseCache): Unit[] {
  const loads = [...open].sort().map((entry) => ({ entry, loaded: loadSchema(entry, host, parseCache) }));
  loads.sort((a, b) => b.loaded.sources.size - a.loaded.sources.size || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
  const covered = new Set<string>();
  const units: Unit[] = [];
  for (const { entry, loaded } of loads) {
    if (covered.has(entry)) continue;
    const compiled = compileLoaded(entry, loaded);
    for (const file of compiled.sources.keys()) covered.add(file);
    units.push({ entry, files: loaded.files, sources: compiled.sources, diagnostics: compiled.diagnostics, ...(compiled.ir ? { ir: compiled.ir } : {}) });
  }
  return units;
}
