// `npm run bench:scale`: relgen build and tsc over a synthetic schema of
// 100 / 1,000 / 10,000 entities (issue 14's instrument; see bench/README.md).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../src/data.js";
import { parseScaleArgs, UsageError, type ScaleOptions } from "./args.js";
import { measure, type Measure } from "./measure.js";
import { oneModelBroken } from "./one-model.js";
import { currentRelgen, relgenAt, type RelgenBuild } from "./relgen-at.js";
import { renderTable } from "./report.js";
import { syntheticSchema } from "./synthetic.js";
import { tscBroken } from "./tsc.js";

const DEFAULT_OUT = join(repoRoot, "bench/results/scale.md");

async function main(options: ScaleOptions): Promise<number> {
  const relgens: RelgenBuild[] = [currentRelgen(), ...options.baselines.map(relgenAt)];
  const work = mkdtempSync(join(tmpdir(), "relgen-scale-"));
  const rows: Measure[] = [];
  const linesPerEntity = new Map<number, number>();
  let failures = 0;
  for (const entities of options.sizes) {
    const schema = syntheticSchema(entities, { seed: options.seed });
    linesPerEntity.set(entities, schema.split("\n").length / entities);
    const sizeDir = join(work, String(entities));
    mkdirSync(sizeDir, { recursive: true });
    const schemaFile = join(sizeDir, "schema.rel");
    writeFileSync(schemaFile, schema);
    for (const [i, relgen] of relgens.entries()) {
      console.error(`bench:scale: ${entities} entities, ${relgen.label}: relgen build, tsc, one model, rebuild, watch`);
      const m = await measure(relgen, entities, schemaFile, join(sizeDir, `relgen-${i}`), options.timeoutS);
      rows.push(m);
      if (broken(m)) failures++;
    }
  }
  const table = renderTable(rows, options.timeoutS, linesPerEntity);
  console.log(`\n${table}`);
  const out = options.out ?? (options.defaultSizes ? DEFAULT_OUT : undefined);
  if (out !== undefined) {
    writeFileSync(out, `# relgen at scale (bench:scale)\n\n${table}`);
    console.error(`bench:scale: wrote ${out}`);
  }
  if (options.keep) console.error(`bench:scale: schemas and outputs kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
  return failures === 0 ? 0 : 1;
}

/**
 * A build or rebuild that failed, wrote nothing or did not say what it wrote,
 * or a tsc that did not get as far as its diagnostics report, means the
 * instrument is broken (exit 1, for CI). A timeout, tsc's own type errors and
 * tsc crashing inside the compiler on a large output (10,000 entities today)
 * are results, shown in the tables.
 */
function broken(m: Measure): boolean {
  const build = m.build.result;
  if (build.timedOut) return false;
  if (!build.ok || m.build.files === 0 || m.tsc === undefined || m.oneModel === undefined || m.rebuild === undefined) return true;
  const rebuild = m.rebuild.result;
  if (!rebuild.timedOut && (!rebuild.ok || m.rebuild.files === undefined)) return true;
  if (m.watch === undefined || (m.watch.failure !== undefined && !m.watch.failure.includes("did not finish"))) return true;
  return tscBroken(m.tsc) || oneModelBroken(m.oneModel);
}

try {
  process.exitCode = await main(parseScaleArgs(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`bench:scale: ${error.message}`);
  process.exitCode = 2;
}
