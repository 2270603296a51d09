// Command-line options of `npm run bench` (see bench/README.md).
import { SIZES, sizeFor } from "./data.js";
import type { Size, Workload } from "./protocol.js";
import { WORKLOADS } from "./protocol.js";
import { ENGINES, type Engine } from "./target.js";

export interface Options {
  readonly size: Size;
  readonly sizeName: string;
  readonly runs: number;
  readonly warmup: number;
  readonly baselines: readonly string[];
  /** Contender names to run (hand-written, relgen, drizzle, …); empty for all. */
  readonly only: readonly string[];
  readonly peers: boolean;
  readonly workloads: readonly Workload[];
  readonly engines: readonly Engine[];
  /** Where the Markdown table goes; undefined prints it only. */
  readonly out: string | undefined;
  /** A full GC before each timed run instead of the steady state. */
  readonly gcEachRun: boolean;
}

const USAGE = `usage: npm run bench:compare -- [--size smallest|default] [--users N] [--runs N] [--warmup N]
       [--baseline <git-rev>]... [--only name,name] [--no-peers] [--workloads W1,W3]
       [--engine sqlite|postgres|mariadb[,…]] [--gc each-run|steady] [--out file.md]`;

/** defaultOut: where a full default-size run writes its table, by whether it ran SQLite or the servers. */
export function parseArgs(argv: readonly string[], defaultOut: (engines: readonly Engine[]) => string): Options {
  let sizeName = "default";
  let size: Size = SIZES.default;
  let runs = 10;
  let warmup = 2;
  let out: string | undefined;
  let outGiven = false;
  let peers = true;
  let gcEachRun = false;
  let only: string[] = [];
  let workloads: Workload[] = [...WORKLOADS];
  const baselines: string[] = [];
  let engines: Engine[] = ["sqlite"];
  const positive = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) fail(`${flag} needs a positive integer, got ${String(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i] ?? fail(`${flag} needs a value`);
    switch (flag) {
      case "--size": {
        const name = value();
        if (!(name in SIZES)) fail(`--size is one of ${Object.keys(SIZES).join(", ")}, got ${name}`);
        sizeName = name;
        size = SIZES[name as keyof typeof SIZES];
        break;
      }
      case "--users":
        size = sizeFor(positive(flag, value()));
        sizeName = `${size.users} users`;
        break;
      case "--runs":
        runs = positive(flag, value());
        break;
      case "--warmup":
        warmup = Number(value());
        break;
      case "--baseline":
        baselines.push(value());
        break;
      case "--only":
        only = value().split(",");
        break;
      case "--no-peers":
        peers = false;
        break;
      case "--workloads":
        workloads = value().split(",") as Workload[];
        for (const w of workloads) if (!WORKLOADS.includes(w)) fail(`unknown workload ${w}`);
        break;
      case "--engine":
        engines = value().split(",") as Engine[];
        for (const e of engines) if (!ENGINES.includes(e)) fail(`--engine is one of ${ENGINES.join(", ")}, got ${e}`);
        break;
      case "--gc": {
        const mode = value();
        if (mode !== "each-run" && mode !== "steady") fail(`--gc is each-run or steady, got ${mode}`);
        gcEachRun = mode === "each-run";
        break;
      }
      case "--out":
        out = value();
        outGiven = true;
        break;
      default:
        fail(`unknown option ${flag}`);
    }
  }
  // Only a full default run replaces the committed results file.
  if (!outGiven && sizeName === "default" && only.length === 0 && workloads.length === WORKLOADS.length && !gcEachRun) out = defaultOut(engines);
  return { size, sizeName, runs, warmup, baselines, only, peers, workloads, engines, out, gcEachRun };
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
