// A rebuild after changing one entity (issue 14: under 1 s at 1,000 entities,
// touching only the files that changed): the schema edited in place and
// `relgen build` run again into the same output folder, as a fresh process.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runNode, type ChildResult } from "./child.js";
import type { RelgenBuild } from "./relgen-at.js";
import { withOneEntityChanged } from "./synthetic.js";

const TEXT_SUMMARY = /\((\d+) written, (\d+) unchanged, (\d+) removed\) in (\d+) ms/;

/** What a build reports about its files: from `--format json`, or its text summary line (a revision without JSON). */
export interface BuildFiles {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** The written paths (JSON only). */
  readonly writtenPaths: readonly string[] | undefined;
  /** The build's own time, in process. */
  readonly ms: number | undefined;
}

export interface RebuildMeasure {
  readonly change: string;
  readonly result: ChildResult;
  readonly files: BuildFiles | undefined;
}

export function parseBuildFiles(stdout: string, stderr: string): BuildFiles | undefined {
  const json = lastJsonDocument(stdout);
  if (json?.files !== undefined) {
    const f = json.files;
    const paths = (key: "written" | "unchanged" | "removed") => (Array.isArray(f[key]) ? (f[key] as string[]) : []);
    return {
      written: paths("written").length,
      unchanged: paths("unchanged").length,
      removed: paths("removed").length,
      writtenPaths: paths("written"),
      ms: typeof json.ms === "number" ? json.ms : undefined,
    };
  }
  const text = TEXT_SUMMARY.exec(`${stdout}\n${stderr}`);
  if (!text) return undefined;
  return { written: Number(text[1]), unchanged: Number(text[2]), removed: Number(text[3]), writtenPaths: undefined, ms: Number(text[4]) };
}

/** `--format json` ends stdout with one document; anything before it (an older revision's text) is ignored. */
function lastJsonDocument(stdout: string): { files?: Record<string, unknown>; ms?: unknown } | undefined {
  const start = stdout.search(/^\{/m);
  if (start < 0) return undefined;
  try {
    return JSON.parse(stdout.slice(start)) as { files?: Record<string, unknown>; ms?: unknown };
  } catch {
    return undefined;
  }
}

/** Edits `dir/<schema>` (the schema the first build read) and builds again into `dir/generated`. */
export async function measureRebuild(relgen: RelgenBuild, dir: string, schema: string, entities: number, timeoutS: number): Promise<RebuildMeasure> {
  const path = join(dir, schema);
  const { text, change } = withOneEntityChanged(readFileSync(path, "utf8"), entities);
  writeFileSync(path, text);
  const result = await runNode([relgen.cli, "build", schema, "--out", "generated", "--format", "json"], {
    cwd: dir,
    env: { RELGEN_PROGRESS: "0", NO_COLOR: "1" },
    timeoutS,
  });
  return { change, result, files: parseBuildFiles(result.stdout, result.stderr) };
}
