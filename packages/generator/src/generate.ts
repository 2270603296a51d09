import type { SchemaIR } from "@relgen/dsl";
import { DIALECTS, ROOTS, type Dialect, type GeneratedFile, type GenerateOptions } from "./contract.js";
import { OUTPUTS } from "./outputs.js";
import { EntityFingerprints } from "./reuse/fingerprint.js";
import { formatTypeScript, tidySql, tidyTypeScript } from "./render/format.js";
import { renderTemplate } from "./render/templates.js";
import { createViewContext, defaultSourceName } from "./views/context.js";

/**
 * The whole generation: IR in, files out. Pure (reads only the templates,
 * writes nothing); the same IR and options always give byte-identical files,
 * sorted by (root, path).
 */
export async function generate(ir: SchemaIR, options: GenerateOptions = {}): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for await (const file of generateEach(ir, options)) files.push(file);
  return files.sort(compareFiles);
}

/**
 * `generate` one file at a time, in the order they are printed (not sorted),
 * for a build that writes each while the next is printed. The cache (if
 * any) commits only once every file was asked for.
 */
export async function* generateEach(ir: SchemaIR, options: GenerateOptions = {}): AsyncGenerator<GeneratedFile> {
  // Building the views counts as rendering: it is the work the templates would otherwise do.
  const viewsStarted = performance.now();
  const ctx = createViewContext(ir, options.sourceName ?? defaultSourceName(ir));
  const cache = options.cache;
  cache?.begin();
  const reuse = cache === undefined ? undefined : { cache, prints: new EntityFingerprints() };
  options.onStage?.("render", performance.now() - viewsStarted);
  const dialects = normaliseDialects(options.dialects ?? DIALECTS);
  const roots = options.roots ?? ROOTS;
  for (const row of OUTPUTS) {
    if (!roots.includes(row.root)) continue;
    if (row.format === "json") {
      const started = performance.now();
      const printed = row.files(ctx, dialects);
      options.onStage?.("render", performance.now() - started);
      for (const file of printed) yield { root: row.root, path: file.path, contents: file.contents };
      continue;
    }
    // Building a view is render time too. Views come one at a time, each printed before the next
    // is built: 10,000 model views held at once were ~85 MB of live heap.
    const plans = row.plan(ctx, dialects, reuse)[Symbol.iterator]();
    for (;;) {
      let started = performance.now();
      const next = plans.next();
      if (next.done === true) {
        options.onStage?.("render", performance.now() - started);
        break;
      }
      const planned = next.value;
      if ("contents" in planned) {
        options.onStage?.("render", performance.now() - started);
        yield { root: row.root, path: planned.path, contents: planned.contents };
        continue;
      }
      const text = renderTemplate(row.template, planned.view);
      options.onStage?.("render", performance.now() - started);
      started = performance.now();
      const contents =
        row.format === "sql"
          ? tidySql(text)
          : planned.needsPrettier
            ? await formatTypeScript(text, planned.path)
            : tidyTypeScript(text);
      options.onStage?.("format", performance.now() - started);
      planned.remember?.(contents);
      yield { root: row.root, path: planned.path, contents };
    }
  }
  cache?.commit();
}

/** Known dialects in canonical order, once each: `["mysql", "sqlite", "mysql"]` → `["sqlite", "mysql"]`. */
function normaliseDialects(requested: readonly Dialect[]): Dialect[] {
  for (const d of requested) {
    if (!DIALECTS.includes(d)) throw new Error(`unknown dialect "${d}" (expected one of ${DIALECTS.join(", ")})`);
  }
  return DIALECTS.filter((d) => requested.includes(d));
}

export function compareFiles(a: GeneratedFile, b: GeneratedFile): number {
  if (a.root !== b.root) return a.root < b.root ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
