// Profiles one relgen variant in this process (no coordinator, no peers) so a
// CPU profile shows where the runtime spends its time on that workload:
//   npm run bench:profile -- W5 [variant-substring] [--runs N]
// writes bench/results/profile/<workload>.cpuprofile (open it in Chrome's
// DevTools) and prints the functions with the most self time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { open } from "./contenders/relgen.js";
import { newUsers, repoRoot, SIZES } from "./data.js";
import { WORKLOADS, WRITES, type Workload } from "./protocol.js";
import { sqliteTarget } from "./targets/sqlite-target.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 20;
const [workload, labelPart] = args as [Workload | undefined, string | undefined];
if (!workload || !WORKLOADS.includes(workload) || !(runs > 0)) {
  console.error("usage: npm run bench:profile -- W1|W2|W3|W4|W5 [part of the variant's label] [--runs N]");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "relgen-profile-"));
const size = SIZES.default;
const target = await sqliteTarget(dir, size);
const entry = resolve(repoRoot, "bench/src/relgen-entry.ts");
const contender = await open({ target: target.info, size, entry });
const variant = contender.variants.find((v) => v.workload === workload && (!labelPart || v.label.includes(labelPart)));
if (!variant) {
  console.error(`no relgen variant of ${workload} matches "${labelPart}"`);
  process.exit(2);
}
const input = { newUsers: newUsers(size) };
const once = async () => {
  await variant.run(input);
  if (WRITES.has(workload)) await target.restore();
};
for (let i = 0; i < 3; i++) await once();

const inspector = new Session();
inspector.connect();
await inspector.post("Profiler.enable");
await inspector.post("Profiler.setSamplingInterval", { interval: 100 });
await inspector.post("Profiler.start");
const start = performance.now();
for (let i = 0; i < runs; i++) await once();
const ms = (performance.now() - start) / runs;
const { profile } = (await inspector.post("Profiler.stop")) as { profile: { nodes: ProfileNode[] } };
inspector.disconnect();

const outDir = join(repoRoot, "bench/results/profile");
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `${workload}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));

const self = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(packages|node_modules)\//, "$1/")}:${lineNumber + 1}` : "";
  const key = `${functionName || "(anonymous)"} ${where}`;
  self.set(key, (self.get(key) ?? 0) + hits);
}
console.log(`${workload} · ${variant.label}: ${ms.toFixed(1)} ms a run (with restore), ${runs} runs; profile: ${file}`);
for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${((100 * hits) / total).toFixed(1).padStart(5)}%  ${key}`);
}
await contender.close();
await target.close();
rmSync(dir, { recursive: true, force: true });
