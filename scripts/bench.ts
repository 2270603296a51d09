// `pnpm bench`: how long `relgen build` takes. In-process (compile + render +
// format) for every fixture, and the whole CLI as a fresh process on the
// largest one — the number a build pipeline pays. Then the runtime's read
// benchmark (scripts/bench-runtime.ts). Exits 1 if the end-to-end median
// misses the target ("well under a second") or the runtime misses its own.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileFile, nodeHost } from "@relgen/dsl";
import { generate } from "@relgen/generator";

// The issue asks for "well under a second"; 750 ms leaves room for a busy 2-core machine.
const TARGET_MS = 750;
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
const compiled = existsSync(join(root, "packages/generator/dist/relgen.mjs"));
const out = mkdtempSync(join(tmpdir(), "relgen-bench-"));
const times: number[] = [];
for (let i = 0; i < 9; i++) {
  const start = performance.now();
  const child = spawnSync(process.execPath, [bin, "build", join(fixtures, largest.name, "schema.rel"), "--out", join(out, String(i))]);
  times.push(performance.now() - start);
  if (child.status !== 0) throw new Error(child.stderr.toString());
}
const e2e = median(times);

console.log(
  `\nrelgen build fixtures/${largest.name}/schema.rel as a fresh process (${compiled ? "bundled" : "from source via tsx: run pnpm build first for real numbers"}):` +
    ` median ${e2e.toFixed(0)} ms of 9 (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); target < ${TARGET_MS} ms`,
);
// Scaling: a synthetic schema of 100 entities, each with columns, a unique, an
// enum and a relation to the one before it (backref included).
const synthetic = join(out, "big.rel");
const entities = Array.from({ length: 100 }, (_, i) =>
  [
    `/// Entity number ${i}.`,
    `entity E${i} {`,
    `  id Int @id @default(autoincrement())`,
    `  name String(100) @unique`,
    `  note Text?`,
    `  state State @default(Active)`,
    `  createdAt DateTime @default(now())`,
    ...(i > 0 ? [`  e${i - 1}Id Int @references(E${i - 1}) @onDelete(cascade)`, `  parent E${i - 1} @backref(children${i}) @lazy(selectin)`] : []),
    `}`,
  ].join("\n"),
);
writeFileSync(synthetic, `enum State { Active Archived }\n\n${entities.join("\n\n")}\n`);
const bigTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  const child = spawnSync(process.execPath, [bin, "build", synthetic, "--out", join(out, `big${i}`)]);
  bigTimes.push(performance.now() - start);
  if (child.status !== 0) throw new Error(child.stderr.toString());
}
rmSync(out, { recursive: true, force: true });
console.log(`relgen build of a synthetic 100-entity schema (109 files) as a fresh process: median ${median(bigTimes).toFixed(0)} ms of 5`);

// Its own process, without the "source" condition: the built runtime (what
// users run), not its sources through tsx.
console.log("");
const runtime = spawnSync(process.execPath, ["--expose-gc", "--import", import.meta.resolve("tsx"), join(root, "scripts/bench-runtime.ts")], {
  stdio: "inherit",
});
process.exit(e2e < TARGET_MS && runtime.status === 0 ? 0 : 1);
