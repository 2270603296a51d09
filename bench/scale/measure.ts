// One size, one relgen: `relgen build` as a fresh process, what it wrote,
// `tsc --noEmit` over it (strict, declaration: true), a program importing one
// model, a rebuild after changing one entity, and rebuilds in `--watch`, each under the timeout.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { runNode, type ChildResult } from "./child.js";
import { measureOneModel, type OneModelMeasure } from "./one-model.js";
import { measureRebuild, type RebuildMeasure } from "./rebuild.js";
import type { RelgenBuild } from "./relgen-at.js";
import { linkModules, runTsc, writeTsconfig, type TscMeasure } from "./tsc.js";
import { measureWatch, WATCH_BUDGET_S, type WatchMeasure } from "./watch.js";

const TIMINGS_LINE = /^relgen-timings (\{.*\})$/m;
export const STAGES = ["parse", "resolve", "render", "format", "write"] as const;

export interface BuildMeasure {
  readonly result: ChildResult;
  /** Per stage, ms; undefined when this relgen has no timing hook (an older revision). */
  readonly stages: Record<string, number> | undefined;
  readonly files: number;
  readonly lines: number;
  readonly bytes: number;
  readonly largest: { readonly path: string; readonly lines: number } | undefined;
}

export interface Measure {
  readonly entities: number;
  readonly label: string;
  readonly build: BuildMeasure;
  /** The rest is undefined when the build did not finish (nothing to check or rebuild). */
  readonly tsc: TscMeasure | undefined;
  readonly oneModel: OneModelMeasure | undefined;
  readonly rebuild: RebuildMeasure | undefined;
  readonly watch: WatchMeasure | undefined;
}

export async function measure(relgen: RelgenBuild, entities: number, schemaFile: string, dir: string, timeoutS: number): Promise<Measure> {
  mkdirSync(dir, { recursive: true });
  // Each relgen builds its own copy of the schema: the rebuild edits it in place, as a user would.
  copyFileSync(schemaFile, join(dir, "schema.rel"));
  const out = join(dir, "generated");
  const result = await runNode([relgen.cli, "build", "schema.rel", "--out", "generated"], {
    cwd: dir,
    env: { RELGEN_TIMINGS: "1", RELGEN_PROGRESS: "0", NO_COLOR: "1" },
    timeoutS,
  });
  const timings = TIMINGS_LINE.exec(result.stderr);
  const stages = timings ? (JSON.parse(timings[1]!) as { stages: Record<string, number> }).stages : undefined;
  const build: BuildMeasure = { result, stages, ...(result.ok ? countOutput(out) : { files: 0, lines: 0, bytes: 0, largest: undefined }) };
  if (!result.ok) return { entities, label: relgen.label, build, tsc: undefined, oneModel: undefined, rebuild: undefined, watch: undefined };
  const tsc = await typecheck(relgen, dir, timeoutS);
  const oneModel = await measureOneModel(relgen, dir, timeoutS);
  const rebuild = await measureRebuild(relgen, dir, "schema.rel", entities, timeoutS);
  // After the rebuild, as a user's session would be: the output and its migrations exist.
  const watch =
    rebuild.result.wallMs > WATCH_BUDGET_S * 1000
      ? { change: "–", rebuilds: [], failure: undefined, skipped: `not run: a rebuild as a fresh process took over ${WATCH_BUDGET_S} s` }
      : await measureWatch(relgen, dir, "schema.rel", entities, timeoutS);
  return { entities, label: relgen.label, build, tsc, oneModel, rebuild, watch };
}

function countOutput(out: string): Pick<BuildMeasure, "files" | "lines" | "bytes" | "largest"> {
  let files = 0;
  let lines = 0;
  let bytes = 0;
  let largest: { path: string; lines: number } | undefined;
  const walk = (folder: string, shown: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path, `${shown}${name}/`);
        continue;
      }
      const text = readFileSync(path, "utf8");
      const count = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
      files++;
      lines += count;
      bytes += Buffer.byteLength(text);
      if (largest === undefined || count > largest.lines) largest = { path: `${shown}${name}`, lines: count };
    }
  };
  walk(out, "");
  return { files, lines, bytes, largest };
}

/** tsc over generated/ as a user's project would check it. */
async function typecheck(relgen: RelgenBuild, dir: string, timeoutS: number): Promise<TscMeasure> {
  linkModules(relgen, dir);
  writeTsconfig(dir, "tsconfig.json", ["generated/**/*.ts"]);
  return runTsc(dir, "tsconfig.json", timeoutS);
}
