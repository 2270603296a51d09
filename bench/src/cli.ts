// `npm run bench:compare` (SQLite) and `npm run bench:servers` (PostgreSQL,
// MariaDB): W1–W5 for relgen (each strategy), the hand-written floor and, on
// SQLite, the peer ORMs. One process per contender, all open at once; every
// round runs each workload's variants contender after contender (the first
// contender rotates each round), so drift and load hit everyone alike. A
// write workload's result is checked and the data restored after each run,
// outside the timing. Prints the tables; a full default-size run also writes
// bench/results/latest.md (SQLite) or bench/results/servers.md.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, type Options } from "./args.js";
import { prepareBaseline } from "./baseline.js";
import { ContenderProcess } from "./contender-process.js";
import { expectedCount } from "./data.js";
import { PEERS, peersDir } from "./peers.js";
import { WRITES, type OpenOptions } from "./protocol.js";
import { machine, renderReport, type EngineResult, type Measured } from "./report.js";
import type { Engine, Target } from "./target.js";
import { mariadbTarget } from "./targets/mariadb-target.js";
import { postgresTarget } from "./targets/postgres-target.js";
import { sqliteTarget } from "./targets/sqlite-target.js";

const here = new URL(".", import.meta.url).pathname;
const options = parseArgs(process.argv.slice(2), (engines) =>
  join(here, "../results", engines.length === 1 && engines[0] === "sqlite" ? "latest.md" : "servers.md"),
);
const started = new Date();
const loadAtStart = machine();
const baselines = options.baselines.map(prepareBaseline);
let exitCode = 0;

interface Planned {
  readonly name: string;
  readonly module: string;
  readonly extra?: Partial<OpenOptions>;
}

function plan(engine: Engine, notRun: string[]): Planned[] {
  const relgen = join(here, "contenders/relgen.ts");
  const planned: Planned[] = [
    { name: "hand-written", module: join(here, `contenders/floor-${engine}.ts`) },
    { name: "relgen", module: relgen, extra: { entry: join(here, "relgen-entry.ts") } },
    ...baselines.map(({ entry, label }) => ({ name: label, module: relgen, extra: { entry, label } })),
  ];
  if (engine === "sqlite") planned.push({ name: "by hand + objects", module: join(here, "contenders/least-work-sqlite.ts") });
  if (engine === "sqlite" && options.peers) {
    if (existsSync(join(peersDir, "node_modules"))) {
      for (const peer of PEERS) planned.push({ name: peer, module: join(peersDir, "contenders", `${peer}.ts`) });
    } else notRun.push("the peers: not installed (`npm run bench:peers` installs them)");
  }
  return planned.filter((p) => options.only.length === 0 || options.only.some((o) => p.name.toLowerCase().startsWith(o.toLowerCase())));
}

async function openTarget(engine: Engine, dir: string): Promise<Target> {
  switch (engine) {
    case "sqlite":
      return sqliteTarget(dir, options.size);
    case "postgres":
      return postgresTarget(options.size);
    case "mariadb":
      return mariadbTarget(options.size);
  }
}

async function benchEngine(engine: Engine, opts: Options): Promise<EngineResult> {
  const notRun: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "relgen-bench-"));
  let target: Target;
  try {
    target = await openTarget(engine, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    console.warn(`${engine}: not reachable (${firstLine(error)}), skipped`);
    // CI requires the servers (.ci/run sets RELGEN_REQUIRE_DBS, as the test suites read it).
    if (process.env.RELGEN_REQUIRE_DBS) exitCode = 1;
    return { describe: engine, measured: [], notRun: [`${engine}: not reachable (${firstLine(error)})`] };
  }
  const processes: ContenderProcess[] = [];
  try {
    for (const p of plan(engine, notRun)) {
      try {
        processes.push(await ContenderProcess.start(p.module, { target: target.info, size: opts.size, gcEachRun: opts.gcEachRun, ...p.extra }));
      } catch (error) {
        notRun.push(`${p.name}: ${firstLine(error)}`);
        console.warn(`${p.name} did not start: ${(error as Error).message}`);
        if (p.name.startsWith("relgen") || p.name === "hand-written") exitCode = 1;
      }
    }
    const measured: Measured[] = processes.flatMap((proc) =>
      proc.variants.map((v, index) => ({ contender: proc.name, version: proc.version, ...v, index, proc, ms: [], statements: 0, failed: undefined })),
    );
    const size = opts.size;
    console.log(
      `${target.describe}: ${size.users} users × ${size.postsPerUser} posts × ${size.commentsPerPost} comments; ` +
        `${processes.length} contenders; ${opts.warmup} warm-up + ${opts.runs} measured rounds`,
    );
    const rounds = opts.warmup + opts.runs;
    for (let round = 0; round < rounds; round++) {
      const order = processes.map((_, i) => processes[(i + round) % processes.length]!);
      for (const workload of opts.workloads) {
        for (const proc of order) {
          for (const m of measured.filter((x) => x.proc === proc && x.workload === workload && !x.failed)) {
            try {
              const result = await m.proc.run(m.index);
              const want = expectedCount(workload, size);
              if (result.check !== want) throw new Error(`returned ${result.check}, want ${want}: different work`);
              if (WRITES.has(workload)) {
                const wrong = await target.check(workload as "W4" | "W5", size);
                await target.restore();
                if (wrong) throw new Error(`left the data wrong: ${wrong}`);
              }
              if (round >= opts.warmup) m.ms.push(result.ms);
              m.statements = result.statements;
            } catch (error) {
              m.failed = firstLine(error);
              console.warn(`${m.contender} ${m.workload} ${m.label}: ${(error as Error).message}`);
              if (m.contender.startsWith("relgen") || m.contender === "hand-written") exitCode = 1;
              if (WRITES.has(workload)) await target.restore();
            }
          }
        }
      }
      console.log(`${engine} round ${round + 1}/${rounds}${round < opts.warmup ? " (warm-up)" : ""}`);
    }
    return { describe: target.describe, measured, notRun };
  } finally {
    for (const proc of processes) await proc.close().catch(() => undefined);
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: EngineResult[] = [];
for (const engine of options.engines) results.push(await benchEngine(engine, options));
const report = renderReport({ options, results, started, loadAtStart, loadAtEnd: machine() });
console.log(`\n${report}`);
if (options.out) {
  writeFileSync(options.out, report);
  console.log(`written to ${options.out}`);
}
process.exit(exitCode);

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
