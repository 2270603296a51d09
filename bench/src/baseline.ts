// `--baseline <rev>`: @relgen/runtime and the blog fixture's generated models
// as they were at <rev>, built in a temp dir, so the same run can time the old
// runtime next to the new. The generated code imports `@relgen/runtime`; in
// the temp dir that name is a symlink to the old build.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./data.js";

/** The commit `rev` names, and the label a results table shows for it (also used by bench:scale). */
export function revision(rev: string): { commit: string; short: string; label: string } {
  const commit = execFileSync("git", ["-C", repoRoot, "rev-parse", "--verify", `${rev}^{commit}`], { encoding: "utf8" }).trim();
  const short = commit.slice(0, 7);
  return { commit, short, label: `relgen@${rev.length <= 12 ? rev : short}` };
}

/** Builds (or reuses) the baseline and returns the path of its relgen entry module. */
export function prepareBaseline(rev: string): { entry: string; label: string } {
  const { commit, short, label } = revision(rev);
  const dir = join(tmpdir(), `relgen-bench-baseline-${short}`);
  const entry = join(dir, "relgen-entry.ts");
  if (!existsSync(join(dir, "built"))) build(commit, dir);
  // Written on every run: the entry follows this checkout's relgen-entry.ts.
  const source = readFileSync(new URL("./relgen-entry.ts", import.meta.url), "utf8");
  writeFileSync(entry, source.replace("../../fixtures/blog/expected/", "./fixtures/blog/expected/"));
  return { entry, label };
}

function build(commit: string, dir: string): void {
  const short = commit.slice(0, 7);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`baseline: building @relgen/runtime at ${short} in ${dir}`);
  execFileSync("sh", ["-c", `git -C "${repoRoot}" archive ${commit} packages/runtime fixtures/blog/expected tsconfig.base.json | tar -x -C "${dir}"`]);
  // Type packages come from this checkout; the old runtime needs nothing else to build.
  symlinkSync(join(repoRoot, "packages/runtime/node_modules"), join(dir, "packages/runtime/node_modules"));
  mkdirSync(join(dir, "node_modules/@relgen"), { recursive: true });
  symlinkSync(join(repoRoot, "node_modules/@types"), join(dir, "node_modules/@types"));
  symlinkSync(join(dir, "packages/runtime"), join(dir, "node_modules/@relgen/runtime"));
  execFileSync(join(repoRoot, "node_modules/.bin/tsc"), ["-p", join(dir, "packages/runtime/tsconfig.build.json")], { stdio: "inherit" });
  mkdirSync(join(dir, "built"));
}
