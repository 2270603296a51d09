import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/**
 * CI reads one plain line, `tests: N passed, M failed`, not vitest's own
 * summary. Skipped tests are counted too, so a skip can never pass unseen.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    // Named again at the very end of the output, where a log cut to its tail still shows them.
    const failures: string[] = [];
    for (const module of testModules) {
      const where = `[${module.project.name}] ${relative(process.cwd(), module.moduleId)}`;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") {
          failed++;
          failures.push(`${where} > ${test.fullName}: ${firstLine(test.result().errors?.[0]?.message)}`);
        } else skipped++;
      }
      // A file that failed to load has no tests but must still count as a failure.
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) {
        failed++;
        failures.push(`${where}: did not load: ${firstLine(module.errors()[0]?.message)}`);
      }
    }
    failed += unhandledErrors.length;
    for (const error of unhandledErrors) failures.push(`unhandled error: ${firstLine((error as Error)?.message ?? String(error))}`);
    // Under scripts/test.mjs the line is printed once, after the build checks too.
    const file = process.env.RELGEN_SUMMARY_FILE;
    if (file) {
      writeFileSync(file, JSON.stringify({ passed, failed, skipped, failures }));
      process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
      return;
    }
    for (const failure of failures) process.stdout.write(`\n✗ ${failure}`);
    const tail = skipped > 0 ? `, ${skipped} skipped` : "";
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${tail}\n`);
  }
}

const firstLine = (message: string | undefined): string => (message ?? "no message").split("\n")[0]!.slice(0, 300);
