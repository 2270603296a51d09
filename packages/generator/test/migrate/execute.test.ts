import { afterAll, describe, expect, test } from "vitest";
import { planMigration, renderMigration, snapshotOf } from "../../src/migrate/index.js";
import { IRREVERSIBLE_DIRECTIVE } from "@relgen/runtime/migrate";
import { CASES, type Row } from "./cases.js";
import { type CaseDb, failMessage, fingerprint, openCase, probeEngines, skipMessage } from "./engines.js";
import { initSql } from "./support.js";

/**
 * Each schema change, generated and run on SQLite, PostgreSQL and MariaDB:
 * rows written before the up are still there after it, the new shape takes
 * new rows, the result is the schema a fresh database of the new version
 * has (by the engine's catalog), and down then up again lands on it again.
 */
const statuses = await probeEngines();
const requireDbs = process.env.RELGEN_REQUIRE_DBS === "1";
for (const status of statuses) {
  if (status.unreachable !== undefined && !requireDbs) console.warn(skipMessage(status, "migrate execution tests"));
}

for (const status of statuses) {
  const { engine } = status;
  describe.skipIf(status.unreachable !== undefined && !requireDbs)(`migrate on ${engine.label}`, () => {
    const open = new Set<CaseDb>();
    const openDb = async (name: string) => {
      if (status.unreachable !== undefined) throw new Error(failMessage(status));
      const db = await openCase(engine, name);
      open.add(db);
      return db;
    };
    afterAll(async () => {
      for (const db of open) await db.close();
    });
    const q = (n: string) => engine.quote(n);
    const insert = (db: CaseDb, [table, values]: Row) => {
      const cols = Object.keys(values);
      return db.run(`INSERT INTO ${q(table)} (${cols.map(q).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`, Object.values(values));
    };
    /** node-postgres returns BIGINT as a string: compare whole numbers as numbers (no test value is a numeric string). */
    const plain = (rows: Record<string, unknown>[]) =>
      rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v])));

    test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
      const before = c.before();
      const after = c.after();
      const previous = snapshotOf(before);
      const plan = planMigration(previous, after, { allowDataLoss: c.allowDataLoss ?? false });
      expect(plan.diagnostics).toEqual([]);
      expect(plan.changes.length).toBeGreaterThan(0);
      const files = renderMigration(plan, previous, engine.dialect, { id: "0002_change", sourceName: "schema.rel" });

      const fresh = await openDb(`fresh_${c.name.slice(0, 8)}`);
      await fresh.execScript((await initSql(after, engine.dialect)).up);
      const expectedAfter = await fingerprint(engine, fresh);
      const freshBefore = await openDb(`freshb_${c.name.slice(0, 8)}`);
      await freshBefore.execScript((await initSql(before, engine.dialect)).up);
      const expectedBefore = await fingerprint(engine, freshBefore);

      const db = await openDb(`evolve_${c.name.slice(0, 8)}`);
      await db.execScript((await initSql(before, engine.dialect)).up);
      for (const row of c.seed) await insert(db, row);
      await db.execScript(files.up);
      for (const [sql, rows] of c.expectAfterUp(q)) expect(plain(await db.all(sql))).toEqual(rows);
      expect(await fingerprint(engine, db)).toEqual(expectedAfter);

      if (c.irreversible) {
        expect(files.down.split("\n")[1]).toMatch(new RegExp(`^${IRREVERSIBLE_DIRECTIVE} .+`));
        expect(files.down.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("--"))).toEqual([]);
      } else {
        await db.execScript(files.down);
        expect(await fingerprint(engine, db)).toEqual(expectedBefore);
        // The down keeps the rows too.
        for (const table of new Set(c.seed.map(([t]) => t))) {
          const [row] = await db.all(`SELECT COUNT(*) AS n FROM ${q(table)}`);
          expect(Number(row!.n), `rows of ${table} after the down`).toBe(c.seed.filter(([t]) => t === table).length);
        }
        await db.execScript(files.up);
        expect(await fingerprint(engine, db)).toEqual(expectedAfter);
        for (const [sql, rows] of c.expectAfterUp(q)) expect(plain(await db.all(sql))).toEqual(rows);
      }
      for (const row of c.newRows) await insert(db, row);
    });
  });
}
