// SQLite: one file built from the blog fixture's migration; a pristine copy is
// written back over it with SQLite's backup API after each write workload
// (safe while the contenders' connections stay open: it is a normal write).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { checkWrite, COLUMNS, repoRoot, seedRows, TABLES } from "../data.js";
import type { Size } from "../protocol.js";
import type { Target } from "../target.js";

export async function sqliteTarget(dir: string, size: Size): Promise<Target> {
  const file = join(dir, "blog.db");
  const pristineFile = join(dir, "pristine.db");
  const seed = new Database(pristineFile);
  seed.pragma("foreign_keys = ON");
  seed.exec(readFileSync(`${repoRoot}fixtures/blog/expected/migrations/sqlite/0001_init.sql`, "utf8"));
  const rows = seedRows(size);
  seed.transaction(() => {
    for (const table of TABLES) {
      const columns = COLUMNS[table];
      const insert = seed.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
      for (const row of rows[table]) insert.run(row.map(sqliteValue));
    }
  })();
  seed.close();
  const pristine = new Database(pristineFile, { readonly: true });
  await pristine.backup(file);
  const db = new Database(file);
  return {
    info: { engine: "sqlite", file },
    describe: `SQLite ${db.prepare("SELECT sqlite_version()").pluck().get() as string}`,
    check: (workload, s) => checkWrite(async (sql) => db.prepare(sql).pluck().get() as number, (n) => `"${n}"`, workload, s),
    restore: async () => void (await pristine.backup(file)),
    async close() {
      db.close();
      pristine.close();
    },
  };
}

function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}
