// `--baseline <rev>`: relgen's compiler, generator and runtime as they were at
// <rev>, built in a temp dir the way `npm run setup` builds them (tsc, then the
// CLI bundle), so the old `relgen build` runs as the same kind of fresh
// process as the new. Third-party packages come from this checkout; the
// workspace's own (@relgen/*) are linked to the old sources.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { revision } from "../src/baseline.js";
import { repoRoot } from "../src/data.js";

/** What bench:scale runs: a relgen CLI script and the runtime its output imports. */
export interface RelgenBuild {
  readonly label: string;
  readonly cli: string;
  readonly runtimeDir: string;
}

const PACKAGES = ["dsl", "runtime", "generator"] as const;

/** This checkout's relgen (its CLI bundle, built by `npm run bench:scale` before it runs). */
export function currentRelgen(): RelgenBuild {
  return { label: "relgen (this checkout)", cli: join(repoRoot, "packages/generator/dist/relgen.mjs"), runtimeDir: join(repoRoot, "packages/runtime") };
}

export function relgenAt(rev: string): RelgenBuild {
  const { commit, short, label } = revision(rev);
  const dir = join(tmpdir(), `relgen-scale-baseline-${short}`);
  if (!existsSync(join(dir, "built"))) build(commit, dir);
  return { label, cli: join(dir, "packages/generator/dist/relgen.mjs"), runtimeDir: join(dir, "packages/runtime") };
}

function build(commit: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.error(`baseline: building relgen at ${commit.slice(0, 7)} in ${dir}`);
  const paths = [...PACKAGES.map((p) => `packages/${p}`), "templates", "tsconfig.base.json"];
  execFileSync("sh", ["-c", `git -C "${repoRoot}" archive ${commit} ${paths.join(" ")} | tar -x -C "${dir}"`]);
  for (const p of PACKAGES) linkDependencies(join(repoRoot, "packages", p, "node_modules"), join(dir, "packages", p, "node_modules"), dir);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(repoRoot, "node_modules/@types"), join(dir, "node_modules/@types"));
  const tsc = join(repoRoot, "node_modules/.bin/tsc");
  for (const p of PACKAGES) execFileSync(tsc, ["-p", join(dir, "packages", p, "tsconfig.build.json")], { stdio: "inherit" });
  const generator = join(dir, "packages/generator");
  for (const script of ["copy-templates.mjs", "bundle-cli.mjs"]) execFileSync(process.execPath, [join(generator, "scripts", script)], { cwd: generator, stdio: "inherit" });
  mkdirSync(join(dir, "built"));
}

/** A package's node_modules: this checkout's third-party links, and @relgen/* pointing at the old packages. */
function linkDependencies(from: string, to: string, root: string): void {
  mkdirSync(to, { recursive: true });
  if (!existsSync(from)) return;
  for (const name of readdirSync(from)) {
    if (name === ".bin") continue;
    if (name === "@relgen") {
      mkdirSync(join(to, name));
      for (const p of readdirSync(join(from, name))) symlinkSync(join(root, "packages", p), join(to, name, p));
      continue;
    }
    symlinkSync(realpathSync(join(from, name)), join(to, name));
  }
}
