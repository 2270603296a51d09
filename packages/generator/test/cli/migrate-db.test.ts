import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { BLOG, project, relgen } from "./harness.js";

/**
 * deploy / status / down through the CLI on a SQLite file: the exit codes
 * and messages a pipeline sees. The engines' own behaviour (locks, drift,
 * MySQL's partial progress) is tested with the migrator in the runtime.
 */
const WITH_NICKNAME = BLOG.replace("name  String(80) @unique", "name  String(80) @unique\n  nickname String?");
const db = ["--migrations", "src/db/migrations", "--url", "app.db"];

async function deployedProject(): Promise<string> {
  const dir = project({ "schema.rel": BLOG });
  expect((await relgen(dir, ["build", "schema.rel", "--out", "src/db"])).code).toBe(0);
  const run = await relgen(dir, ["migrate", "deploy", ...db]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return dir;
}

function columns(dir: string, table: string): string[] {
  const sqlite = new Database(join(dir, "app.db"), { readonly: true });
  try {
    return sqlite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table).map((r) => (r as { name: string }).name);
  } finally {
    sqlite.close();
  }
}

function sql(dir: string, text: string): void {
  const sqlite = new Database(join(dir, "app.db"));
  try {
    sqlite.exec(text);
  } finally {
    sqlite.close();
  }
}

describe("relgen migrate deploy | status | down", () => {
  test("deploy creates the schema and records it; a second deploy says up to date", async () => {
    const dir = await deployedProject();
    expect(columns(dir, "user")).toEqual(["id", "name"]);
    const again = await relgen(dir, ["migrate", "deploy", ...db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("up to date");
    const status = await relgen(dir, ["migrate", "status", ...db]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/applied\s+0001_init/);
  });

  test("a new migration is pending, deploy applies it keeping the rows, down undoes it", async () => {
    const dir = await deployedProject();
    sql(dir, `INSERT INTO "user" (name) VALUES ('alice')`);
    writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
    expect((await relgen(dir, ["migrate", "dev", "schema.rel", "--out", "src/db", "--name", "add_nickname"])).code).toBe(0);

    const pending = await relgen(dir, ["migrate", "status", ...db]);
    expect(pending.stdout).toMatch(/pending\s+0002_add_nickname/);

    const deploy = await relgen(dir, ["migrate", "deploy", ...db]);
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toContain("0002_add_nickname");
    expect(columns(dir, "user")).toEqual(["id", "name", "nickname"]);

    const down = await relgen(dir, ["migrate", "down", ...db]);
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(columns(dir, "user")).toEqual(["id", "name"]);
    const rows = new Database(join(dir, "app.db"), { readonly: true }).prepare(`SELECT name FROM "user"`).all();
    expect(rows).toEqual([{ name: "alice" }]);
  });

  test("an applied migration edited afterwards: status and deploy exit 1 naming it, and nothing runs", async () => {
    const dir = await deployedProject();
    writeFileSync(join(dir, "schema.rel"), WITH_NICKNAME);
    expect((await relgen(dir, ["migrate", "dev", "schema.rel", "--out", "src/db", "--name", "add_nickname"])).code).toBe(0);
    appendFileSync(join(dir, "src/db/migrations/sqlite/0001_init.sql"), "\n-- edited\n");
    const status = await relgen(dir, ["migrate", "status", ...db]);
    expect(status.code).toBe(1);
    expect(status.stdout + status.stderr).toContain("0001_init");
    const deploy = await relgen(dir, ["migrate", "deploy", ...db]);
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toContain("0001_init");
    expect(columns(dir, "user")).toEqual(["id", "name"]);
  });

  test("drift (a column added by hand) is reported by status and refused by deploy, with the difference", async () => {
    const dir = await deployedProject();
    sql(dir, `ALTER TABLE "user" ADD COLUMN "age" INTEGER`);
    const status = await relgen(dir, ["migrate", "status", ...db]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/age/);
    const deploy = await relgen(dir, ["migrate", "deploy", ...db]);
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toMatch(/age/);
  });

  test("without --url or DATABASE_URL it is a usage error; DATABASE_URL is the default", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["build", "schema.rel", "--out", "src/db"])).code).toBe(0);
    const none = await relgen(dir, ["migrate", "deploy", "--migrations", "src/db/migrations"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("DATABASE_URL");
    const viaEnv = await relgen(dir, ["migrate", "deploy", "--migrations", "src/db/migrations"], { DATABASE_URL: join(dir, "env.db") });
    expect(viaEnv.code, viaEnv.stdout + viaEnv.stderr).toBe(0);
  });
});
