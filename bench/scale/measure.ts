// One size, one relgen: `relgen build` as a fresh process, what it wrote, and
// `tsc --noEmit` over it (strict, declaration: true), each under the timeout.
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../src/data.js";
import { runNode, type ChildResult } from "./child.js";
import type { RelgenBuild } from "./relgen-at.js";

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

export interface TscMeasure {
  readonly result: ChildResult;
  readonly passed: boolean;
  readonly instantiations: number | undefined;
  readonly firstError: string | undefined;
  /** tsc started and died inside the compiler before its report (not a type error). */
  readonly crashed: boolean;
}

export interface Measure {
  readonly entities: number;
  readonly label: string;
  readonly build: BuildMeasure;
  /** Undefined when the build did not finish (nothing to check). */
  readonly tsc: TscMeasure | undefined;
}

export async function measure(relgen: RelgenBuild, entities: number, schemaFile: string, dir: string, timeoutS: number): Promise<Measure> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, "generated");
  const result = await runNode([relgen.cli, "build", schemaFile, "--out", out], {
    cwd: dir,
    env: { RELGEN_TIMINGS: "1", RELGEN_PROGRESS: "0", NO_COLOR: "1" },
    timeoutS,
  });
  const timings = TIMINGS_LINE.exec(result.stderr);
  const stages = timings ? (JSON.parse(timings[1]!) as { stages: Record<string, number> }).stages : undefined;
  const build: BuildMeasure = { result, stages, ...(result.ok ? countOutput(out) : { files: 0, lines: 0, bytes: 0, largest: undefined }) };
  return { entities, label: relgen.label, build, tsc: result.ok ? await typecheck(relgen, dir, timeoutS) : undefined };
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

/** tsc over generated/ as a user's project would check it: strict, declarations on, the runtime's published types. */
async function typecheck(relgen: RelgenBuild, dir: string, timeoutS: number): Promise<TscMeasure> {
  mkdirSync(join(dir, "node_modules/@relgen"), { recursive: true });
  symlinkSync(relgen.runtimeDir, join(dir, "node_modules/@relgen/runtime"));
  symlinkSync(join(repoRoot, "node_modules/@types"), join(dir, "node_modules/@types"));
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      declaration: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
    },
    include: ["generated/**/*.ts"],
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
  const result = await runNode([tsc, "-p", "tsconfig.json", "--extendedDiagnostics", "--pretty", "false"], { cwd: dir, timeoutS });
  const instantiations = /^Instantiations:\s+(\d+)/m.exec(result.stdout);
  const firstError = /^.*error TS\d+:.*$/m.exec(result.stdout);
  // The compiler itself gave up (a stack overflow, an out-of-memory or a failed assertion inside typescript/lib):
  // a result about the output's size, told apart from a tsc that could not start at all.
  const crashed = !result.ok && !result.timedOut && !instantiations && /typescript[\\/]lib[\\/]/.test(result.stderr);
  const reason = /^\w*Error\b.*$/m.exec(result.stderr)?.[0] ?? result.stderr.split("\n")[0];
  return {
    result,
    passed: result.ok,
    crashed,
    instantiations: instantiations ? Number(instantiations[1]) : undefined,
    firstError: firstError?.[0] ?? (result.timedOut || result.ok ? undefined : crashed ? `tsc crashed: ${reason}` : reason),
  };
}
