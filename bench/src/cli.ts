// `npm run bench`: W1–W5 for relgen (each strategy), the hand-written floor
// and the peer ORMs, on one SQLite file. One process per contender, all open
// at once; every round runs each workload's variants contender after
// contender (the starting contender rotates each round), so drift and load
// hit everyone alike. Write workloads are checked and the file restored from
// a pristine copy (SQLite's backup API) after each run, outside the timing.
// Prints the tables and, for a full default run, writes bench/results/latest.md.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parseArgs } from "./args.js";
import { prepareBaseline } from "./baseline.js";
import { ContenderProcess } from "./contender-process.js";
import { checkWrite, createDatabase, expectedCount } from "./data.js";
import { PEERS, peersDir } from "./peers.js";
import { WRITES, type OpenOptions } from "./protocol.js";
import { machine, renderReport, type Measured } from "./report.js";

const here = new URL(".", import.meta.url).pathname;
const options = parseArgs(process.argv.slice(2), join(here, "../results/latest.md"));
const dir = mkdtempSync(join(tmpdir(), "relgen-bench-"));
const file = join(dir, "blog.db");
const pristineFile = join(dir, "pristine.db");
const started = new Date();
const loadAtStart = machine();

interface Planned {
  readonly name: string;
  readonly module: string;
  readonly extra?: Partial<OpenOptions>;
}

const planned: Planned[] = [
  { name: "hand-written", module: join(here, "contenders/floor.ts") },
  { name: "relgen", module: join(here, "contenders/relgen.ts"), extra: { entry: join(here, "relgen-entry.ts") } },
];
for (const rev of options.baselines) {
  const { entry, label } = prepareBaseline(rev);
  planned.push({ name: label, module: join(here, "contenders/relgen.ts"), extra: { entry, label } });
}
const notRun: string[] = [];
if (options.peers) {
  if (existsSync(join(peersDir, "node_modules"))) {
    for (const peer of PEERS) planned.push({ name: peer, module: join(peersDir, "contenders", `${peer}.ts`) });
  } else notRun.push("peers: not installed (`npm run bench:peers` installs them)");
}
const chosen = planned.filter((p) => options.only.length === 0 || options.only.some((o) => p.name.startsWith(o)));

let exitCode = 0;
const processes: ContenderProcess[] = [];
try {
  createDatabase(pristineFile, options.size);
  const pristine = new Database(pristineFile, { readonly: true });
  await pristine.backup(file);
  const check = new Database(file);

  for (const p of chosen) {
    try {
      processes.push(await ContenderProcess.start(p.module, { file, size: options.size, ...p.extra }));
    } catch (error) {
      notRun.push(`${p.name}: ${firstLine(error)}`);
      console.warn(`${p.name} did not start: ${(error as Error).message}`);
    }
  }

  const measured: Measured[] = processes.flatMap((proc) =>
    proc.variants.map((v, index) => ({ contender: proc.name, version: proc.version, ...v, index, proc, ms: [] as number[], statements: 0, failed: undefined as string | undefined })),
  );
  const size = options.size;
  console.log(
    `${size.users} users × ${size.postsPerUser} posts × ${size.commentsPerPost} comments; ${processes.length} contenders; ` +
      `${options.warmup} warm-up + ${options.runs} measured rounds`,
  );
  const rounds = options.warmup + options.runs;
  for (let round = 0; round < rounds; round++) {
    const order = processes.map((_, i) => processes[(i + round) % processes.length]!);
    for (const workload of options.workloads) {
      for (const proc of order) {
        for (const m of measured.filter((x) => x.proc === proc && x.workload === workload && !x.failed)) {
          try {
            const result = await m.proc.run(m.index);
            const want = expectedCount(workload, size);
            if (result.check !== want) throw new Error(`returned ${result.check}, want ${want}: different work`);
            if (WRITES.has(workload)) {
              const wrong = checkWrite(check, workload as "W4" | "W5", size);
              await pristine.backup(file);
              if (wrong) throw new Error(`left the file wrong: ${wrong}`);
            }
            if (round >= options.warmup) m.ms.push(result.ms);
            m.statements = result.statements;
          } catch (error) {
            m.failed = firstLine(error);
            console.warn(`${m.contender} ${m.workload} ${m.label}: ${(error as Error).message}`);
            if (m.contender.startsWith("relgen") || m.contender === "hand-written") exitCode = 1;
            if (WRITES.has(workload)) await pristine.backup(file);
          }
        }
      }
    }
    process.stdout.write(`round ${round + 1}/${rounds}${round < options.warmup ? " (warm-up)" : ""}\n`);
  }
  check.close();
  pristine.close();

  const report = renderReport({ options, measured, notRun, started, loadAtStart, loadAtEnd: machine() });
  console.log(`\n${report}`);
  if (options.out) {
    writeFileSync(options.out, report);
    console.log(`written to ${options.out}`);
  }
} finally {
  for (const proc of processes) await proc.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
