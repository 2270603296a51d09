// `npm run fuzz -- [--seed N] [--count N] [--from N] [--generate] [--print]`: the
// compiler fuzzer of packages/dsl/test/fuzz at scale (200,000 inputs by default).
// Prints inputs, valid ones, internal errors, the slowest input and its time,
// and every failing input (seed and index reproduce it). --generate also runs
// the generator on every input that compiles. Exit code 1 on any failure.
import { generate } from "@relgen/generator";
import { fuzz, input, loadCorpus, SLOW_MS } from "../packages/dsl/test/fuzz/fuzzer.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const seed = flag("seed", 1);
const count = flag("count", 200_000);
const from = flag("from", 0);
const corpus = loadCorpus();

if (args.includes("--print")) {
  for (let i = from; i < from + count; i++) console.log(`--- seed ${seed} index ${i}\n${input(corpus, seed, i)}`);
  process.exit(0);
}

const generated: Promise<void>[] = [];
const generatorFailures: string[] = [];
const report = fuzz({
  seed, count, from, corpus, slowMs: SLOW_MS,
  onValid: args.includes("--generate")
    ? (_text, result, index) => {
        generated.push(generate(result.ir!).then(() => undefined, (e: unknown) => {
          generatorFailures.push(`index ${index}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
        }));
      }
    : undefined,
});
await Promise.all(generated);

console.log(`seed ${seed}, inputs ${from}..${from + count - 1}: ${report.inputs} inputs, ${report.valid} valid, ` +
  `${report.internalErrors} internal errors, ${report.failures.length} failing, ${(report.ms / 1000).toFixed(1)} s`);
console.log(`slowest: index ${report.slowest.index}, ${report.slowest.ms.toFixed(0)} ms (${report.slowest.text.length} chars)`);
for (const f of report.failures) {
  console.log(`\n--- FAIL seed ${seed} index ${f.index}: ${f.problems.join("; ")}\n${f.text.length > 2_000 ? f.text.slice(0, 2_000) + "…" : f.text}`);
}
if (args.includes("--generate")) {
  console.log(`generator: ${report.valid - generatorFailures.length} of ${report.valid} valid inputs generated`);
  for (const g of generatorFailures.slice(0, 20)) console.log(`  generator failed on ${g}`);
}
process.exit(report.failures.length > 0 ? 1 : 0);
