import { describe, expect, test } from "vitest";
import { DIALECTS } from "../../src/contract.js";
import { planMigration, renderMigration, renderSnapshot, snapshotOf } from "../../src/migrate/index.js";
import { VERSIONS } from "./evolution.js";

/**
 * The migration files of every evolution step and dialect, compared whole
 * with goldens/evolution/<id>/ (regenerate with `npx vitest run -u` and
 * review the diff). The same steps run on the engines in evolution.test.ts.
 */
describe("evolution goldens", () => {
  const steps = VERSIONS.slice(1).map((version, i) => {
    const previous = snapshotOf(VERSIONS[i]!.ir());
    const plan = planMigration(previous, version.ir(), { allowDataLoss: version.allowDataLoss ?? false });
    const slug = version.name.split(":")[0]!.replace("v", "");
    return { id: `${slug.padStart(4, "0")}_step`, version, previous, plan };
  });

  test.each(steps.map((s) => [s.id, s] as const))("%s", async (_id, { id, previous, plan }) => {
    const dir = `goldens/evolution/${id}`;
    await expect(`${plan.summary.join("\n")}\n`).toMatchFileSnapshot(`${dir}/summary.txt`);
    await expect(renderSnapshot(plan.next)).toMatchFileSnapshot(`${dir}/snapshot.json`);
    for (const dialect of DIALECTS) {
      const files = renderMigration(plan, previous, dialect, { id, sourceName: "schema.rel" });
      await expect(files.up).toMatchFileSnapshot(`${dir}/${dialect}.sql`);
      await expect(files.down).toMatchFileSnapshot(`${dir}/${dialect}.down.sql`);
    }
  });
});
