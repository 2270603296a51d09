import type { GenerationCache } from "./reuse/generation-cache.js";

/**
 * What generation produces: a pure list of files, written only by the writer.
 * `root` says which directory the path is relative to, because `--migrations`
 * can put the SQL somewhere other than `--out`.
 */
export interface GeneratedFile {
  readonly root: OutputRoot;
  /** POSIX path relative to the root, e.g. "models/user.ts" or "sqlite/0001_init.sql". */
  readonly path: string;
  readonly contents: string;
}

export type OutputRoot = "code" | "migrations";
export const ROOTS: readonly OutputRoot[] = ["code", "migrations"];

export type Dialect = "sqlite" | "postgres" | "mysql";
export const DIALECTS: readonly Dialect[] = ["sqlite", "postgres", "mysql"];

export interface GenerateOptions {
  /** Which migration dialects to write; default all three. */
  readonly dialects?: readonly Dialect[];
  /** Shown in file headers, e.g. "schema.rel" (never an absolute path: output must not depend on where it runs). */
  readonly sourceName?: string;
  /** Opt-in stage timings: called once per file rendered and once per file formatted, with its wall time. */
  readonly onStage?: (stage: "render" | "format", ms: number) => void;
  /**
   * Only the files of these roots (default both): a build whose project has
   * migrations writes no migration file, so it need not print them.
   */
  readonly roots?: readonly OutputRoot[];
  /**
   * Text kept from the previous build of a long-running process
   * (`relgen build --watch`): files and parts whose inputs did not change are
   * reused instead of printed again. The output is the same either way.
   */
  readonly cache?: GenerationCache;
}
