// tsc over bench:scale's output as a user's project would check it: strict,
// declarations on, the runtime's published types, --extendedDiagnostics for
// its instantiation count.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../src/data.js";
import { runNode, type ChildResult } from "./child.js";
import type { RelgenBuild } from "./relgen-at.js";

export const TSC = join(repoRoot, "node_modules/typescript/bin/tsc");

export interface TscMeasure {
  readonly result: ChildResult;
  readonly passed: boolean;
  readonly instantiations: number | undefined;
  readonly firstError: string | undefined;
  /** tsc started and died inside the compiler before its report (not a type error). */
  readonly crashed: boolean;
}

/** `dir/node_modules`: `@relgen/runtime` is that relgen's own runtime, `@types` this checkout's. */
export function linkModules(relgen: RelgenBuild, dir: string): void {
  if (existsSync(join(dir, "node_modules"))) return;
  mkdirSync(join(dir, "node_modules/@relgen"), { recursive: true });
  symlinkSync(relgen.runtimeDir, join(dir, "node_modules/@relgen/runtime"));
  symlinkSync(join(repoRoot, "node_modules/@types"), join(dir, "node_modules/@types"));
}

/** Writes `dir/<name>` checking `include` with the options a user's strict library build has. */
export function writeTsconfig(dir: string, name: string, include: readonly string[]): void {
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
    include,
  };
  writeFileSync(join(dir, name), `${JSON.stringify(tsconfig, null, 2)}\n`);
}

/** `tsc -p <project> --noEmit --extendedDiagnostics` in `dir`, as a measured fresh process. */
export async function runTsc(dir: string, project: string, timeoutS: number): Promise<TscMeasure> {
  const result = await runNode([TSC, "-p", project, "--extendedDiagnostics", "--pretty", "false"], { cwd: dir, timeoutS });
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

/** tsc started but stopped before its report without crashing inside the compiler: the instrument broke. */
export function tscBroken(t: TscMeasure): boolean {
  return !t.result.timedOut && !t.crashed && t.instantiations === undefined;
}
