// `pnpm bench`: how long `relgen build` takes. In-process (compile + render +
// format) for every fixture, and the whole CLI as a fresh process on the
// largest one — the number a build pipeline pays. Exits 1 if the end-to-end
// median misses the target ("well under a second").
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileFile, nodeHost } from "@relgen/dsl";
import { generate } from "@relgen/generator";

const TARGET_MS = 500;
const root = new URL("..", import.meta.url).pathname;
const fixtures = join(root, "fixtures");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeInProcess(dir: string, runs: number): Promise<{ ms: number; files: number; size: number }> {
  let files = 0;
  let size = 0;
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now();
    const { ir } = compileFile("schema.rel", nodeHost(dir));
    if (!ir) throw new Error(`${dir} does not compile`);
    const out = await generate(ir, { sourceName: "schema.rel" });
    if (i >= 3) times.push(performance.now() - start);
    files = out.length;
    size = ir.entities.length + ir.entities.reduce((n, e) => n + e.relations.length, 0) + ir.tables.length;
  }
  return { ms: median(times), files, size };
}

const cases = readdirSync(fixtures)
  .filter((name) => existsSync(join(fixtures, name, "schema.rel")))
  .sort();

console.log("in-process compile + generate (median of 20, after 3 warm-up runs)");
let largest = { name: "", size: -1 };
for (const name of cases) {
  const r = await timeInProcess(join(fixtures, name), 20);
  console.log(`  ${name.padEnd(32)} ${r.ms.toFixed(1).padStart(7)} ms  ${String(r.files).padStart(3)} files  size ${r.size}`);
  if (r.size > largest.size) largest = { name, size: r.size };
}

const bin = join(root, "packages/generator/bin/relgen.mjs");
const compiled = existsSync(join(root, "packages/generator/dist/cli/main.js"));
const out = mkdtempSync(join(tmpdir(), "relgen-bench-"));
const times: number[] = [];
for (let i = 0; i < 7; i++) {
  const start = performance.now();
  const child = spawnSync(process.execPath, [bin, "build", join(fixtures, largest.name, "schema.rel"), "--out", join(out, String(i))]);
  times.push(performance.now() - start);
  if (child.status !== 0) throw new Error(child.stderr.toString());
}
rmSync(out, { recursive: true, force: true });
const e2e = median(times);
console.log(
  `\nrelgen build fixtures/${largest.name}/schema.rel as a fresh process (${compiled ? "compiled" : "from source via tsx: run pnpm build first for real numbers"}):` +
    ` median ${e2e.toFixed(0)} ms of 7 (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); target < ${TARGET_MS} ms`,
);
process.exit(e2e < TARGET_MS ? 0 : 1);
