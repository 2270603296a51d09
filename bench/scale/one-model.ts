// Importing one model (issue 14's editor requirement): a small program that
// uses `Account0` from the generated index, checked by tsc as a whole program
// and by check-one-file.mjs the way an editor checks the one open file.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runNode, type ChildResult } from "./child.js";
import { linkModules, runTsc, TSC, tscBroken, writeTsconfig, type TscMeasure } from "./tsc.js";
import type { RelgenBuild } from "./relgen-at.js";

const ONE_FILE_LINE = /^relgen-scale-one-file (\{.*\})$/m;
const CHECK_ONE_FILE = new URL("./check-one-file.mjs", import.meta.url).pathname;

/** The program: construct one model, read a column and a relation. */
export const ONE_MODEL_PROGRAM = `import { Account0 } from "./generated/index.js";

const account = new Account0({ handle: "ada", email: "ada@example.com" });
export const handle: string = account.handle;
export const following: readonly Account0[] = account.following.items();
`;

/** check-one-file.mjs's report. */
export interface OneFileReport {
  readonly files: number;
  readonly programMs: number;
  readonly checkMs: number;
  readonly instantiations: number;
  readonly types: number;
  readonly errors: number;
  readonly firstError?: string;
}

export interface OneModelMeasure {
  /** tsc over the program (it checks every file the program reaches). */
  readonly tsc: TscMeasure;
  /** The editor's view: only the file that imports the model checked. */
  readonly editor: { readonly result: ChildResult; readonly report: OneFileReport | undefined };
}

export function parseOneFileReport(stdout: string): OneFileReport | undefined {
  const line = ONE_FILE_LINE.exec(stdout);
  return line ? (JSON.parse(line[1]!) as OneFileReport) : undefined;
}

/** Needs `dir/generated` built; writes `dir/one-model.ts` and its tsconfig. */
export async function measureOneModel(relgen: RelgenBuild, dir: string, timeoutS: number): Promise<OneModelMeasure> {
  linkModules(relgen, dir);
  writeFileSync(join(dir, "one-model.ts"), ONE_MODEL_PROGRAM);
  writeTsconfig(dir, "tsconfig.one-model.json", ["one-model.ts"]);
  const tsc = await runTsc(dir, "tsconfig.one-model.json", timeoutS);
  const typescript = join(TSC, "../../lib/typescript.js");
  const result = await runNode([CHECK_ONE_FILE, typescript, "tsconfig.one-model.json", "one-model.ts"], { cwd: dir, timeoutS });
  return { tsc, editor: { result, report: parseOneFileReport(result.stdout) } };
}

/** Either check stopped short of its report for a reason other than a timeout or a compiler crash. */
export function oneModelBroken(m: OneModelMeasure): boolean {
  return tscBroken(m.tsc) || (!m.editor.result.timedOut && m.editor.report === undefined && !/typescript[\\/]lib[\\/]/.test(m.editor.result.stderr));
}
