// `npm run bench:pull [entities]`: how long `relgen pull` takes on a large
// SQLite database. The synthetic schema of bench/scale (default 1,000
// entities) is migrated into a temp file, pulled, the pulled schema compiled
// and migrated into a second file, and both catalogs compared. Prints the
// timings; speed is measured here, never asserted in a test.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSource } from "@relgen/dsl";
import { generate } from "@relgen/generator";
import { compareCatalogs, introspect, openUrl, splitStatements } from "@relgen/runtime/migrate";
import { syntheticSchema } from "../bench/scale/synthetic.js";
import { pullSchema } from "../packages/generator/src/pull/pull.js";

const entities = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), "relgen-bench-pull-"));

/** Compiles and migrates; returns the compile time (the migration runs in one transaction: one fsync, not one per table). */
async function migrated(text: string, file: string): Promise<number> {
  const started = performance.now();
  const compiled = compileSource(text);
  const compileMs = performance.now() - started;
  if (compiled.ir === undefined) throw new Error(compiled.diagnostics.map((d) => d.message).join("\n"));
  const sql = (await generate(compiled.ir, { dialects: ["sqlite"], roots: ["migrations"] })).find((f) => f.path === "sqlite/0001_init.sql")!;
  const { driver } = await openUrl(file);
  const connection = await driver.acquire();
  await connection.execute("BEGIN", []);
  for (const statement of splitStatements(sql.contents)) await connection.execute(statement, []);
  await connection.execute("COMMIT", []);
  connection.release();
  await driver.close();
  return compileMs;
}

async function catalog(file: string) {
  const { driver, dialect } = await openUrl(file, { mustExist: true });
  try {
    return await introspect(driver, dialect);
  } finally {
    await driver.close();
  }
}

try {
  await migrated(syntheticSchema(entities), join(dir, "original.db"));
  const started = performance.now();
  const pulled = await pullSchema(join(dir, "original.db"));
  const pullMs = performance.now() - started;
  const compileMs = await migrated(pulled.text, join(dir, "copy.db"));
  const differences = compareCatalogs(await catalog(join(dir, "original.db")), await catalog(join(dir, "copy.db")));
  console.log(`relgen pull, SQLite, ${entities} entities (${pulled.schema.decls.length} declarations, ${pulled.text.split("\n").length} lines of .rel):`);
  console.log(`  pull (introspect + infer + print): ${pullMs.toFixed(0)} ms`);
  console.log(`  compile the pulled schema: ${compileMs.toFixed(0)} ms`);
  console.log(`  warnings: ${pulled.warnings.length}; catalog differences after the round trip: ${differences.length}`);
  for (const d of differences.slice(0, 10)) console.log(`    ${d}`);
  if (differences.length > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
