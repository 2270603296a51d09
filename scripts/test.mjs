// `npm test`: every check the project has, ending with the one line CI reads:
// `tests: N passed, M failed`. Type-check and build failures count as failed
// tests, so a red build can never print a green line.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkNode, install, isInstalled, pnpm } from "./lib/shell.mjs";

checkNode();
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const gate = (title, status) => {
  if (status === 0) passed++;
  else {
    failed++;
    failures.push(`${title} failed (exit ${status})`);
    console.error(`\n✗ ${title} failed (exit ${status})`);
  }
  return status === 0;
};

const ready = isInstalled() || gate("install", install());
if (ready) {
  gate("type-check (tsc --noEmit)", pnpm(["run", "typecheck"]));
  gate("build (tsc per package)", pnpm(["run", "build"]));

  const dir = mkdtempSync(join(tmpdir(), "relgen-test-"));
  const summaryFile = join(dir, "summary.json");
  pnpm(["exec", "vitest", "run", ...process.argv.slice(2)], {
    env: { ...process.env, RELGEN_SUMMARY_FILE: summaryFile },
  });
  try {
    const summary = JSON.parse(readFileSync(summaryFile, "utf8"));
    passed += summary.passed;
    failed += summary.failed;
    skipped += summary.skipped;
    failures.push(...summary.failures);
  } catch {
    // vitest died before its reporter ran: that is a failure, not zero tests.
    failed++;
    failures.push("vitest ended before its summary reporter ran");
  }
  rmSync(dir, { recursive: true, force: true });
}
// The names of what failed, last before the count, so a log cut to its tail still says what to look at.
for (const failure of failures) console.log(`✗ ${failure}`);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);
