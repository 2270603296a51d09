// The bench:scale table (Markdown): one row per size and relgen.
import { cpus, loadavg } from "node:os";
import type { ChildResult } from "./child.js";
import { STAGES, type Measure } from "./measure.js";

const seconds = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
const mb = (kb: number | undefined) => (kb === undefined ? "–" : `${Math.round(kb / 1024)} MB`);
const thousands = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));

function outcome(r: ChildResult, timeoutS: number): string | undefined {
  if (r.timedOut) return `did not finish in ${timeoutS} s`;
  if (!r.ok) return `failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).split("\n").find((l) => l.trim() !== "") ?? ""}`;
  return undefined;
}

export function renderTable(rows: readonly Measure[], timeoutS: number, schemaLinesPerEntity: Map<number, number>): string {
  const head = [
    "entities", "relgen", ...STAGES.map((s) => `${s}`), "build wall", "build peak RSS",
    "files", "lines", "bytes", "lines / entity", "bytes / entity", "largest file",
    "tsc", "tsc peak RSS", "instantiations", "tsc result",
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const m of rows) {
    const b = m.build;
    const failed = outcome(b.result, timeoutS);
    const stageCells = STAGES.map((s) => (b.stages?.[s] === undefined ? "–" : seconds(b.stages[s]!)));
    const built = failed === undefined;
    const cells = [
      m.entities.toLocaleString("en-US"), m.label, ...stageCells,
      failed ?? seconds(b.result.wallMs), built ? mb(b.result.maxRssKb) : "–",
      built ? String(b.files) : "–", built ? thousands(b.lines) : "–", built ? `${(b.bytes / 1e6).toFixed(1)} MB` : "–",
      built ? String(Math.round(b.lines / m.entities)) : "–", built ? thousands(Math.round(b.bytes / m.entities)) : "–",
      built && b.largest ? `${b.largest.path} (${thousands(b.largest.lines)} lines)` : "–",
    ];
    const t = m.tsc;
    if (t === undefined) cells.push("–", "–", "–", "not run");
    else {
      const tFailed = t.result.timedOut ? `did not finish in ${timeoutS} s` : undefined;
      cells.push(
        tFailed ?? seconds(t.result.wallMs), mb(t.result.maxRssKb),
        t.instantiations === undefined ? "–" : t.instantiations.toLocaleString("en-US"),
        tFailed ? "–" : t.passed ? "passes" : `**fails**: ${(t.firstError ?? "").replaceAll("|", "\\|")}`,
      );
    }
    lines.push(`| ${cells.join(" | ")} |`);
  }
  const perEntity = [...schemaLinesPerEntity].map(([n, l]) => `${l.toFixed(1)} at ${n.toLocaleString("en-US")}`).join(", ");
  return [
    `\`npm run bench:scale\`: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)} at the end.`,
    `Synthetic schema (bench/scale/synthetic.ts), lines of \`.rel\` per entity: ${perEntity}. Stage times are relgen's own (RELGEN_TIMINGS=1); "–" where a revision has no timing hook.`,
    "",
    ...lines,
    "",
  ].join("\n");
}
