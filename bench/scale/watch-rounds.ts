// Rebuilds in `relgen build --watch` alone, for work on the watch path: each
// CLI given gets its own copy of a synthetic schema, built once, then watched
// through `rounds` one-entity edits and reverts. With two CLIs (before, after)
// the measures alternate, so both see the same machine load.
//   node --import tsx bench/scale/watch-rounds.ts <entities> <rounds> <dir> <cli>...
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runNode } from "./child.js";
import { syntheticSchema } from "./synthetic.js";
import { measureWatch } from "./watch.js";

const [entitiesArg, roundsArg, dirArg, ...clis] = process.argv.slice(2);
const entities = Number(entitiesArg);
const rounds = Number(roundsArg);
if (!Number.isInteger(entities) || !Number.isInteger(rounds) || dirArg === undefined || clis.length === 0) {
  throw new Error("usage: watch-rounds.ts <entities> <rounds> <dir> <cli>...");
}
const schema = syntheticSchema(entities);
const times = new Map<string, number[]>(clis.map((c) => [c, []]));
// A few sessions per CLI, alternating, each of a few rebuilds: one noisy minute does not decide.
const sessions = 3;
for (let s = 0; s < sessions; s++) {
  for (const [i, cli] of clis.entries()) {
    const dir = resolve(dirArg, `s${s}-c${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "schema.rel"), schema);
    const first = await runNode([resolve(cli), "build", "schema.rel", "--out", "generated"], { cwd: dir, env: { RELGEN_PROGRESS: "0" }, timeoutS: 600 });
    if (!first.ok) throw new Error(`${cli}: first build failed: ${first.stderr}`);
    const watched = await measureWatch({ label: cli, cli: resolve(cli), runtimeDir: "" }, dir, "schema.rel", entities, 600, Math.ceil(rounds / sessions));
    if (watched.failure !== undefined) throw new Error(`${cli}: ${watched.failure}`);
    times.get(cli)!.push(...watched.rebuilds.map((r) => r.ms));
    console.error(`${cli} session ${s}: ${watched.rebuilds.map((r) => `${r.ms} ms (${r.written} written)`).join(", ")}`);
  }
}
for (const [cli, ms] of times) {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  console.log(`${cli}: n=${sorted.length} min ${sorted[0]} median ${median} max ${sorted.at(-1)} ms  [${ms.join(" ")}]`);
}
