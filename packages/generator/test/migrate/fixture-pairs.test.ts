import { join } from "node:path";
import { compileFile, type SchemaIR } from "@relgen/dsl";
import { afterAll, describe, expect, test } from "vitest";
import { validCases } from "../../../../fixtures/test/support/cases.js";
import { planMigration, renderMigration, snapshotOf } from "../../src/migrate/index.js";
import { type CaseDb, failMessage, fingerprint, openCase, probeEngines, skipMessage } from "./engines.js";
import { initSql } from "./support.js";

/**
 * Every fixture schema migrated into every other one that shares a table
 * name with it (so the diff has kept tables to alter, not only drops and
 * creates), with data loss allowed: the up must run on each engine and
 * leave exactly the catalog a fresh database of the target has, and a
 * reversible down must bring back the source's catalog.
 */
const schemas: [string, SchemaIR][] = validCases().flatMap((c) => {
  const ir = compileFile(join(c.dir, "schema.rel")).ir;
  return ir === undefined ? [] : [[c.name, ir] as [string, SchemaIR]];
});
const pairs = schemas.flatMap(([a, from]) =>
  schemas.filter(([b, to]) => a !== b && to.tables.some((t) => from.tables.some((f) => f.name === t.name))).map(([b, to]) => [`${a} -> ${b}`, from, to] as const),
);

const statuses = await probeEngines();
const requireDbs = process.env.RELGEN_REQUIRE_DBS === "1";
for (const status of statuses) {
  if (status.unreachable !== undefined && !requireDbs) console.warn(skipMessage(status, "fixture-pair migrations"));
}

test("there are pairs to run", () => {
  expect(pairs.length).toBeGreaterThan(10);
});

for (const status of statuses) {
  const { engine } = status;
  describe.skipIf(status.unreachable !== undefined && !requireDbs)(`fixture pairs on ${engine.label}`, () => {
    const open: CaseDb[] = [];
    afterAll(async () => {
      for (const db of open) await db.close();
    });
    const openDb = async (name: string) => {
      if (status.unreachable !== undefined) throw new Error(failMessage(status));
      const db = await openCase(engine, name);
      open.push(db);
      return db;
    };

    test.each(pairs)("%s", async (_name, from, to) => {
      const previous = snapshotOf(from);
      const plan = planMigration(previous, to, { allowDataLoss: true });
      expect(plan.diagnostics).toEqual([]);
      const files = renderMigration(plan, previous, engine.dialect, { id: "0002_pair", sourceName: "schema.rel" });
      const fresh = await openDb("pair_to");
      await fresh.execScript((await initSql(to, engine.dialect)).up);
      const db = await openDb("pair");
      await db.execScript((await initSql(from, engine.dialect)).up);
      const before = await fingerprint(engine, db);
      await db.execScript(files.up);
      expect(await fingerprint(engine, db)).toEqual(await fingerprint(engine, fresh));
      if (!files.down.includes("-- relgen:irreversible")) {
        await db.execScript(files.down);
        expect(await fingerprint(engine, db)).toEqual(before);
      }
      await db.close();
      await fresh.close();
      open.splice(open.indexOf(db), 1);
      open.splice(open.indexOf(fresh), 1);
    });
  });
}
