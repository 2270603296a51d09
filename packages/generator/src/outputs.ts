import type { Dialect } from "./contract.js";
import { dialectFor } from "./dialects/index.js";
import { renderExpectedCatalog } from "./migrate/expected-catalog.js";
import { renderSnapshot, snapshotOf } from "./migrate/index.js";
import { migrationDownView, migrationUpView } from "./migrations/migration-view.js";
import type { EntityIR } from "@relgen/dsl";
import type { EntityFingerprints } from "./reuse/fingerprint.js";
import type { GenerationCache } from "./reuse/generation-cache.js";
import { type ModelEntry, recordingContext, stillValid } from "./reuse/model-reads.js";
import type { ViewContext } from "./views/context.js";
import { enumsView } from "./views/enums-view.js";
import { indexView } from "./views/index-view.js";
import { modelView } from "./views/model-view.js";
import {
  ENUMS_FILE,
  INDEX_FILE,
  INIT_SNAPSHOT_PATH,
  migrationCatalogPath,
  migrationDownPath,
  migrationUpPath,
  modelFilePath,
  SCHEMA_FILE,
} from "./views/naming.js";
import { schemaView } from "./views/schema-view.js";

/**
 * One file an output row produces: its path (relative to the row's root) and
 * either the view the template prints or, in `--watch`, the previous build's
 * text when nothing it was printed from has changed.
 */
export type PlannedFile = PrintedFile | ReusedFile;

export interface PrintedFile {
  readonly path: string;
  readonly view: object;
  /** TypeScript relgen cannot lay out itself (an inline `@type` text): Prettier formats it. */
  readonly needsPrettier?: boolean;
  /** Hands the finished text to the cache, for the next build to reuse. */
  readonly remember?: (contents: string) => void;
}

export interface ReusedFile {
  readonly path: string;
  readonly contents: string;
}

/** Where a row's plan may find and keep text across builds; absent outside `--watch`. */
export interface PlanReuse {
  readonly cache: GenerationCache;
  readonly prints: EntityFingerprints;
}

/** A file printed from a template (TypeScript and SQL, formatted after). */
export interface TemplateRow {
  readonly root: "code" | "migrations";
  /** File name in templates/ (shipped in @relgen/generator as dist/templates). */
  readonly template: string;
  readonly format: "typescript" | "sql";
  /** None, one, or one per entity / dialect; generate prints each before it asks for the next. */
  plan(ctx: ViewContext, dialects: readonly Dialect[], reuse?: PlanReuse): Iterable<PlannedFile>;
}

/** A data file (JSON) whose text its own renderer prints: machines read it, so no template. */
export interface DataRow {
  readonly root: "code" | "migrations";
  readonly format: "json";
  files(ctx: ViewContext, dialects: readonly Dialect[]): { readonly path: string; readonly contents: string }[];
}

export type OutputRow = TemplateRow | DataRow;

/** Every output relgen writes. Adding an output is one row here and one template. */
export const OUTPUTS: readonly OutputRow[] = [
  {
    root: "code",
    template: "model.ts.hbs",
    format: "typescript",
    plan: function* (ctx, _dialects, reuse) {
      for (const e of ctx.ir.entities) yield planModel(e, ctx, reuse);
    },
  },
  {
    root: "code",
    template: "enums.ts.hbs",
    format: "typescript",
    plan: (ctx) => (ctx.ir.enums.length > 0 ? [{ path: ENUMS_FILE, view: enumsView(ctx) }] : []),
  },
  {
    root: "code",
    template: "schema.ts.hbs",
    format: "typescript",
    plan: (ctx, _dialects, reuse) => [{ path: SCHEMA_FILE, view: schemaView(ctx, reuse?.cache) }],
  },
  {
    root: "code",
    template: "index.ts.hbs",
    format: "typescript",
    plan: (ctx) => [{ path: INDEX_FILE, view: indexView(ctx) }],
  },
  {
    root: "migrations",
    template: "migration-up.sql.hbs",
    format: "sql",
    plan: (ctx, dialects) =>
      dialects.map((d) => ({ path: migrationUpPath(d), view: migrationUpView(ctx.ir, dialectFor(d), ctx.sourceName) })),
  },
  {
    root: "migrations",
    template: "migration-down.sql.hbs",
    format: "sql",
    plan: (ctx, dialects) =>
      dialects.map((d) => ({
        path: migrationDownPath(d),
        view: migrationDownView(ctx.ir, dialectFor(d), ctx.sourceName),
      })),
  },
  {
    // What 0001_init leaves in the database: `migrate dev` diffs against it.
    root: "migrations",
    format: "json",
    files: (ctx) => [{ path: INIT_SNAPSHOT_PATH, contents: renderSnapshot(ctx.ir) }],
  },
  {
    // What introspection must read after 0001_init: `migrate deploy` and `status` compare it to find drift.
    root: "migrations",
    format: "json",
    files: (ctx, dialects) => {
      const snapshot = snapshotOf(ctx.ir);
      return dialects.map((d) => ({ path: migrationCatalogPath(d), contents: renderExpectedCatalog(snapshot, d) }));
    },
  },
];

/** A model file: reused when its entity and every answer its view got are as before, else printed and remembered. */
function planModel(entity: EntityIR, ctx: ViewContext, reuse: PlanReuse | undefined): PlannedFile {
  const path = modelFilePath(entity.name);
  if (reuse === undefined) {
    const view = modelView(entity, ctx);
    return { path, view, needsPrettier: view.needsPrettier };
  }
  const key = `model\0${entity.name}`;
  const entry = reuse.cache.take<ModelEntry>(key);
  if (entry !== undefined && stillValid(entry, entity, ctx, reuse.prints)) {
    reuse.cache.count(true);
    return { path, contents: entry.contents };
  }
  reuse.cache.count(false);
  const recording = recordingContext(ctx, reuse.prints);
  const view = modelView(entity, recording.ctx);
  const remember = (contents: string) =>
    reuse.cache.put(key, { entity: reuse.prints.of(entity), sourceName: ctx.sourceName, reads: recording.reads, contents } satisfies ModelEntry);
  return { path, view, needsPrettier: view.needsPrettier, remember };
}
