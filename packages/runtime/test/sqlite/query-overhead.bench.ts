// The driver's cost over better-sqlite3 for one 10,000-row SELECT.
// Run: npx vitest bench --run packages/runtime/test/sqlite
import Database from "better-sqlite3";
import { bench, describe } from "vitest";
import { sqlite } from "../../src/sqlite/index.js";

const db = new Database(":memory:");
db.exec(`CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, "name" TEXT, "email" TEXT, "score" REAL, "createdAt" TEXT)`);
const insert = db.prepare(`INSERT INTO "t" VALUES (?, ?, ?, ?, ?)`);
db.transaction(() => {
  for (let i = 1; i <= 10_000; i++) {
    insert.run(i, `user ${i}`, `user${i}@example.com`, i / 7, new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString());
  }
})();

const OPTIONS = { time: 5_000, warmupTime: 1_000 };
const SQL = `SELECT "id", "name", "email", "score", "createdAt" FROM "t"`;
const direct = db.prepare(SQL).raw(true);
const driver = sqlite(db);
const conn = await driver.acquire();

describe("SELECT 10,000 rows", () => {
  bench("better-sqlite3 directly", () => {
    if (direct.all().length !== 10_000) throw new Error("wrong row count");
  }, OPTIONS);
  bench("driver query()", async () => {
    if ((await conn.query(SQL, [])).length !== 10_000) throw new Error("wrong row count");
  }, OPTIONS);
});
