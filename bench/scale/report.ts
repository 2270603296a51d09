// The bench:scale table (Markdown): one row per size and relgen.
import { cpus, loadavg } from "node:os";
import type { ChildResult } from "./child.js";
import { STAGES, type Measure } from "./measure.js";
import type { TscMeasure } from "./tsc.js";
import { WATCH_BUDGET_S, WATCH_ROUNDS } from "./watch.js";

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
    cells.push(...tscCells(m.tsc, timeoutS));
    lines.push(`| ${cells.join(" | ")} |`);
  }
  const perEntity = [...schemaLinesPerEntity].map(([n, l]) => `${l.toFixed(1)} at ${n.toLocaleString("en-US")}`).join(", ");
  return [
    `\`npm run bench:scale\`: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)} at the end.`,
    `Synthetic schema (bench/scale/synthetic.ts), lines of \`.rel\` per entity: ${perEntity}. Stage times are relgen's own (RELGEN_TIMINGS=1); "–" where a revision has no timing hook.`,
    "",
    ...lines,
    "",
    ...oneModelTable(rows, timeoutS),
    "",
    ...rebuildTable(rows, timeoutS),
    "",
    ...watchTable(rows),
    "",
  ].join("\n");
}

const count = (n: number | undefined) => (n === undefined ? "–" : n.toLocaleString("en-US"));
const cell = (text: string) => text.replaceAll("|", "\\|");

/** tsc's time, peak memory, instantiations and verdict. */
function tscCells(t: TscMeasure | undefined, timeoutS: number): string[] {
  if (t === undefined) return ["–", "–", "–", "not run"];
  const tFailed = t.result.timedOut ? `did not finish in ${timeoutS} s` : undefined;
  return [
    tFailed ?? seconds(t.result.wallMs), mb(t.result.maxRssKb), count(t.instantiations),
    tFailed ? "–" : t.passed ? "passes" : `**fails**: ${cell(t.firstError ?? "")}`,
  ];
}

function table(head: readonly string[], body: readonly string[][]): string[] {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...body.map((cells) => `| ${cells.join(" | ")} |`)];
}

function oneModelTable(rows: readonly Measure[], timeoutS: number): string[] {
  const body = rows.map((m) => {
    const start = [m.entities.toLocaleString("en-US"), m.label];
    const one = m.oneModel;
    if (one === undefined) return [...start, "–", "–", "–", "not run", "–", "–", "–", "–", "–", "not run"];
    const e = one.editor;
    const r = e.report;
    const whole = m.tsc?.instantiations;
    const editorResult = e.result.timedOut
      ? `did not finish in ${timeoutS} s`
      : r === undefined
        ? `**failed**: ${cell(/^\w*Error\b.*$/m.exec(e.result.stderr)?.[0] ?? e.result.stderr.split("\n")[0] ?? "")}`
        : r.errors === 0 ? "no errors" : `**${r.errors} errors**: ${cell(r.firstError ?? "")}`;
    return [
      ...start, ...tscCells(one.tsc, timeoutS),
      r ? String(r.files) : "–", r ? seconds(r.programMs) : "–", r ? seconds(r.checkMs) : "–", mb(e.result.maxRssKb),
      r ? `${count(r.instantiations)}${whole ? ` (${((100 * r.instantiations) / whole).toFixed(1)}% of the whole output's)` : ""}` : "–",
      editorResult,
    ];
  });
  return [
    "Importing one model: `one-model.ts` imports `Account0` from the generated `index.ts`, constructs one and reads a column and a relation.",
    "*tsc* checks it as a program (`tsc -p`, same options as above: it checks every file the program reaches).",
    "*Editor* is what a TypeScript server does for the open file (`scale/check-one-file.mjs`): build the program, then check that file alone.",
    "",
    ...table(
      ["entities", "relgen", "tsc", "tsc peak RSS", "tsc instantiations", "tsc result", "editor: files in program", "editor: program", "editor: check of the file", "editor peak RSS", "editor instantiations", "editor result"],
      body,
    ),
  ];
}

function rebuildTable(rows: readonly Measure[], timeoutS: number): string[] {
  const body = rows.map((m) => {
    const start = [m.entities.toLocaleString("en-US"), m.label];
    const r = m.rebuild;
    if (r === undefined) return [...start, "–", "not run", "–", "–", "–", "–", "–"];
    const failed = outcome(r.result, timeoutS);
    const f = r.files;
    const paths = f?.writtenPaths?.map((p) => p.replace(/^generated\//, ""));
    const shown = paths === undefined ? "–" : paths.length <= 6 ? paths.join(", ") : `${paths.slice(0, 6).join(", ")}, … (${paths.length})`;
    return [
      ...start, r.change, failed ?? seconds(r.result.wallMs), f?.ms === undefined ? "–" : seconds(f.ms),
      f ? String(f.written) : "–", f ? String(f.unchanged) : "–", f ? String(f.removed) : "–", cell(shown),
    ];
  });
  return [
    "Rebuild after changing one entity: the schema edited in place, `relgen build` again into the same folder (a fresh process, `--format json`).",
    "",
    ...table(["entities", "relgen", "change", "rebuild wall", "relgen's own time", "written", "unchanged", "removed", "files written"], body),
  ];
}

function watchTable(rows: readonly Measure[]): string[] {
  const body = rows.map((m) => {
    const start = [m.entities.toLocaleString("en-US"), m.label];
    const w = m.watch;
    if (w === undefined) return [...start, "–", "not run", "–", "–", "–"];
    if (w.skipped !== undefined) return [...start, w.change, w.skipped, "–", "–", "–"];
    const own = w.rebuilds.map((r) => r.ms);
    const walls = w.rebuilds.map((r) => r.wallMs);
    const range = (xs: number[]) => (xs.length === 0 ? "–" : `${seconds(Math.min(...xs))} / ${seconds(median(xs))} / ${seconds(Math.max(...xs))}`);
    const written = [...new Set(w.rebuilds.map((r) => r.written))].join(", ");
    return [...start, w.change, w.failure === undefined ? String(w.rebuilds.length) : cell(w.failure), range(own), range(walls), written || "–"];
  });
  return [
    `Rebuilds in \`relgen build --watch\` (one process; the edit above, then the original, alternately, ${WATCH_ROUNDS} times, no new round after ${WATCH_BUDGET_S} s). Min / median / max; wall is from the save to the build's JSON line (the watcher's 100 ms debounce included).`,
    "",
    ...table(["entities", "relgen", "change", "rebuilds", "relgen's own time", "save to done", "files written"], body),
  ];
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
