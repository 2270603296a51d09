import { afterAll, describe, expect, test } from "vitest";
import { planMigration, renderMigration, snapshotOf } from "../../src/migrate/index.js";
import type { SchemaSnapshot } from "../../src/migrate/index.js";
import type { Row } from "./cases.js";
import { type CaseDb, failMessage, fingerprint, openCase, probeEngines, skipMessage } from "./engines.js";
import { VERSIONS } from "./evolution.js";
import { initSql } from "./support.js";

/**
 * One app through ten schema changes on every engine, each migration planned
 * from the previous version's snapshot as `relgen migrate dev` does: rows
 * written before a step are there after it, the database matches a fresh one
 * of the new version (by its catalog), and down then up lands on the same
 * schema again.
 */
const statuses = await probeEngines();
const requireDbs = process.env.RELGEN_REQUIRE_DBS === "1";
for (const status of statuses) {
  if (status.unreachable !== undefined && !requireDbs) console.warn(skipMessage(status, "migrate evolution tests"));
}

const normal = (v: unknown) => (typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v instanceof Date ? "date" : v);

for (const status of statuses) {
  const { engine } = status;
  describe.skipIf(status.unreachable !== undefined && !requireDbs)(`ten schema versions on ${engine.label}`, () => {
    const open: CaseDb[] = [];
    afterAll(async () => {
      for (const db of open) await db.close();
    });
    const q = (n: string) => engine.quote(n);

    test("every step keeps the rows, matches a fresh database, and reverses where it can", async () => {
      if (status.unreachable !== undefined) throw new Error(failMessage(status));
      const db = await openCase(engine, "evolution");
      open.push(db);
      const insert = ([table, values]: Row) => {
        const cols = Object.keys(values);
        return db.run(`INSERT INTO ${q(table)} (${cols.map(q).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`, Object.values(values));
      };
      const dump = async () => {
        const out = new Map<string, Record<string, unknown>[]>();
        for (const t of await db.tables()) out.set(t, (await db.all(`SELECT * FROM ${q(t)}`)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, normal(v)]))));
        return out;
      };
      const freshFingerprint = async (ir: ReturnType<(typeof VERSIONS)[number]["ir"]>, name: string) => {
        const fresh = await openCase(engine, name);
        open.push(fresh);
        await fresh.execScript((await initSql(ir, engine.dialect)).up);
        return fingerprint(engine, fresh);
      };

      const first = VERSIONS[0]!;
      let ir = first.ir();
      await db.execScript((await initSql(ir, engine.dialect)).up);
      for (const row of first.rows) await insert(row);
      let previous: SchemaSnapshot = snapshotOf(ir);
      let previousPrint = await freshFingerprint(ir, "v1");

      for (const [i, version] of VERSIONS.entries()) {
        if (i === 0) continue;
        const nextIr = version.ir();
        const plan = planMigration(previous, nextIr, { allowDataLoss: version.allowDataLoss ?? false });
        expect(plan.diagnostics, version.name).toEqual([]);
        expect(plan.changes.length, version.name).toBeGreaterThan(0);
        expect(plan.losses.length > 0, `${version.name}: losses ${JSON.stringify(plan.losses)}`).toBe(version.allowDataLoss ?? false);
        const files = renderMigration(plan, previous, engine.dialect, { id: `${String(i + 1).padStart(4, "0")}_step`, sourceName: "schema.rel" });
        const before = await dump();
        await db.execScript(files.up);
        const after = await dump();
        const expected = await freshFingerprint(nextIr, `v${i + 1}`);
        expect(await fingerprint(engine, db), version.name).toEqual(expected);

        // Every row of a kept table is still there, with every kept column's value (NULLs may take the new default).
        for (const [oldTable, rows] of before) {
          const newTable = Object.entries(version.renamed?.tables ?? {}).find(([, old]) => old === oldTable)?.[0] ?? oldTable;
          const now = after.get(newTable);
          if (now === undefined) continue;
          expect(now.length, `${version.name}: rows of ${newTable}`).toBe(rows.length);
          const renames = version.renamed?.columns?.[newTable] ?? {};
          for (const row of rows) {
            const match = now.find((r) => Object.entries(row).every(([k, v]) => {
              const col = Object.entries(renames).find(([, old]) => old === k)?.[0] ?? k;
              return !(col in r) || r[col] === v || v === null || (typeof v === "string" && v.length > 0 && r[col] === v);
            }));
            expect(match, `${version.name}: ${newTable} row ${JSON.stringify(row)}`).toBeDefined();
          }
        }

        if (!files.down.includes("-- relgen:irreversible")) {
          await db.execScript(files.down);
          expect(await fingerprint(engine, db), `${version.name}: down`).toEqual(previousPrint);
          await db.execScript(files.up);
          expect(await fingerprint(engine, db), `${version.name}: up again`).toEqual(expected);
        }
        for (const row of version.rows) await insert(row);
        previous = plan.next;
        previousPrint = expected;
        ir = nextIr;
      }
      expect(ir.tables.map((t) => t.name).sort()).toEqual(await db.tables());
    });
  });
}
