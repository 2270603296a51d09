// The results as Markdown: the machine and versions, one summary line per
// workload (ratios to the floor), then every variant with median, spread and
// statements.
import { cpus, loadavg, totalmem } from "node:os";
import type { Options } from "./args.js";
import type { ContenderProcess } from "./contender-process.js";
import type { Workload } from "./protocol.js";
import { summarize } from "./stats.js";

export interface Measured {
  readonly contender: string;
  readonly version: string;
  readonly workload: Workload;
  readonly label: string;
  readonly index: number;
  readonly proc: ContenderProcess;
  readonly ms: number[];
  statements: number;
  failed: string | undefined;
}

const TITLES: Record<Workload, string> = {
  W1: "W1: users + posts, eager",
  W2: "W2: users → posts → comments, eager",
  W3: "W3: N users, their posts one by one (lazy load)",
  W4: "W4: delete N users with their posts and comments (ORM cascade)",
  W5: "W5: insert N users × posts through the unit of work",
};

export function machine(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(" / ")}`;
}

export interface EngineResult {
  /** Engine and version, e.g. `SQLite 3.50.4`. */
  readonly describe: string;
  readonly measured: readonly Measured[];
  readonly notRun: readonly string[];
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

export function renderReport(r: {
  options: Options;
  results: readonly EngineResult[];
  started: Date;
  loadAtStart: string;
  loadAtEnd: string;
}): string {
  const { options } = r;
  const size = options.size;
  const cpu = cpus();
  const all = r.results.flatMap((e) => e.measured);
  const lines: string[] = [
    `# relgen benchmark results`,
    "",
    `Run ${r.started.toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpu.length} × ${cpu[0]?.model ?? "?"}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}; ` +
      `${r.loadAtStart} at start, ${r.loadAtEnd} at the end.`,
    "",
    `Data: ${size.users} users × ${size.postsPerUser} posts (~200 characters) × ${size.commentsPerPost} comments ` +
      `(size ${options.sizeName}), the blog fixture's tables and migration. W3 reads ${size.w3Users} users' posts, W4 deletes ${size.w4Users} users, ` +
      `W5 inserts ${size.w5Users} users × ${size.postsPerUser} posts.`,
    "",
    `One process per contender; ${options.warmup} warm-up + ${options.runs} measured rounds, contenders interleaved round-robin ` +
      `(the first one rotates each round); time is the run's wall clock inside its process, ` +
      `${options.gcEachRun ? "a forced full GC before each run" : "no forced GC (each process in its steady state)"}. ` +
      `Ratio = median ÷ the hand-written floor's median in the same run (the floor is the first hand-written variant). ` +
      `Statements: SQLite counts every better-sqlite3 statement executed in one run, for every contender alike; ` +
      `on the servers relgen's come from engine.onStatement and the floor counts its own. BEGIN/COMMIT/SAVEPOINT/PRAGMA are not counted.`,
    "",
    `Versions: ${[...new Set(all.map((m) => m.version))].join(" · ")}`,
  ];
  for (const engine of r.results) lines.push("", ...renderEngine(engine, options.workloads));
  return `${lines.join("\n")}\n`;
}

function renderEngine(result: EngineResult, workloads: readonly Workload[]): string[] {
  const { measured } = result;
  const lines: string[] = [`## ${result.describe}`, ""];
  if (result.notRun.length > 0) lines.push(`Did not run: ${result.notRun.join("; ")}`, "");
  if (measured.length === 0) return lines;
  const floorOf = (w: Workload) => measured.find((m) => m.workload === w && m.contender === "hand-written" && m.ms.length > 0);
  const median = (m: Measured) => summarize(m.ms).median;

  lines.push("Ratio to the hand-written floor (statements in parentheses):", "");
  const contenders = [...new Set(measured.map((m) => m.contender))].filter((c) => c !== "hand-written");
  lines.push(`| workload | floor | ${contenders.join(" | ")} |`, `|---|---|${contenders.map(() => "---").join("|")}|`);
  for (const w of workloads) {
    const floor = floorOf(w);
    const cells = contenders.map((c) => {
      const mine = measured.filter((m) => m.workload === w && m.contender === c);
      if (mine.length === 0) return "—";
      return mine
        .map((m) => {
          if (m.failed || m.ms.length === 0) return `${short(m.label)}: failed`;
          const ratio = floor ? `${(median(m) / median(floor)).toFixed(2)}×` : `${fmt(median(m))} ms`;
          return `${short(m.label)} ${ratio} (${m.statements})`;
        })
        .join("<br>");
    });
    lines.push(`| ${w} | ${floor ? `${fmt(median(floor))} ms (${floor.statements})` : "—"} | ${cells.join(" | ")} |`);
  }

  for (const w of workloads) {
    const floor = floorOf(w);
    lines.push("", `### ${TITLES[w]}`, "", "| contender | variant | median ms | IQR ms | min–max ms | × floor | statements |", "|---|---|---:|---:|---:|---:|---:|");
    const rows = measured.filter((m) => m.workload === w);
    const ok = rows.filter((m) => !m.failed && m.ms.length > 0).sort((a, b) => median(a) - median(b));
    for (const m of ok) {
      const s = summarize(m.ms);
      const ratio = floor ? (s.median / median(floor)).toFixed(2) : "—";
      lines.push(`| ${m.contender} | ${m.label} | ${fmt(s.median)} | ${fmt(s.q1)}–${fmt(s.q3)} | ${fmt(s.min)}–${fmt(s.max)} | ${ratio} | ${m.statements} |`);
    }
    for (const m of rows.filter((x) => x.failed)) lines.push(`| ${m.contender} | ${m.label} | failed: ${m.failed!.replace(/\|/g, "/")} | | | | |`);
  }
  return lines;
}

/** The summary cell keeps the variant's first words: `joined`, `sequential`, … */
function short(label: string): string {
  return label.replace(/`/g, "").split(/[,(]/)[0]!.trim();
}
