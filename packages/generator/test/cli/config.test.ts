import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BLOG, project, relgen } from "./harness.js";

describe("relgen.config.json and package.json's relgen key", () => {
  it("builds with no arguments from relgen.config.json, paths relative to the config file", async () => {
    const dir = project({
      "db/schema.rel": BLOG,
      "relgen.config.json": JSON.stringify({ schema: "db/schema.rel", out: "src/db", dialects: ["postgres", "sqlite"] }),
      "nested/deeper/.keep": "",
    });
    // Run from a subdirectory: the config is found upwards and its paths stay relative to it.
    const run = await relgen(join(dir, "nested/deeper"), ["build"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, "src/db/migrations/sqlite"))).toBe(true);
    expect(existsSync(join(dir, "src/db/migrations/postgres"))).toBe(true);
    expect(existsSync(join(dir, "src/db/migrations/mysql"))).toBe(false);
    const check = await relgen(dir, ["build", "--check"]);
    expect(check.code).toBe(0);
    expect((await relgen(dir, ["check"])).code).toBe(0);
  });

  it("lets flags override the config", async () => {
    const dir = project({ "db/schema.rel": BLOG, "relgen.config.json": JSON.stringify({ schema: "db/schema.rel", out: "src/db" }) });
    const run = await relgen(dir, ["build", "--out", "elsewhere", "--dialect", "mysql"]);
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, "elsewhere/migrations/mysql"))).toBe(true);
    expect(existsSync(join(dir, "src/db"))).toBe(false);
  });

  it("reads the relgen key of package.json, and migrate commands take the migrations folder from it", async () => {
    const dir = project({
      "schema.rel": BLOG,
      "package.json": JSON.stringify({ name: "app", relgen: { schema: "schema.rel", out: "gen", migrations: "db/migrations", dialects: ["sqlite"] } }),
    });
    expect((await relgen(dir, ["build"])).code).toBe(0);
    expect(existsSync(join(dir, "db/migrations/sqlite"))).toBe(true);
    const status = await relgen(dir, ["migrate", "status", "--url", join(dir, "app.db"), "--format", "json"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("0001_init");
  });

  it.each([
    [{ schema: "s.rel", outt: "x" }, /relgen\.config\.json: "outt": unknown key; did you mean "out"\?/],
    [{ schema: 3 }, /relgen\.config\.json: "schema": expected a path/],
    [{ out: "x" }, /relgen\.config\.json: "schema": missing/],
    [{ schema: "s.rel", dialects: ["sqlite", "oracle"] }, /"dialects": expected a non-empty list/],
  ])("refuses a bad config %j with the file, the key and what is expected (exit 2)", async (config, message) => {
    const dir = project({ "s.rel": BLOG, "relgen.config.json": JSON.stringify(config) });
    const run = await relgen(dir, ["build"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(existsSync(join(dir, "generated"))).toBe(false);
    expect(existsSync(join(dir, "x"))).toBe(false);
  });

  it("refuses invalid JSON and a non-object relgen key", async () => {
    const bad = await relgen(project({ "relgen.config.json": "{ schema: " }), ["check"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/relgen\.config\.json: not valid JSON/);
    const key = await relgen(project({ "package.json": JSON.stringify({ relgen: "schema.rel" }) }), ["check"]);
    expect(key.code).toBe(2);
    expect(key.stderr).toMatch(/package\.json: "relgen": expected an object/);
  });

  it("without a config or a schema argument, says how to name one (exit 2)", async () => {
    const run = await relgen(project({}), ["build"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no schema given/);
    expect(run.stderr).toMatch(/relgen init/);
  });

  it("init writes a starter schema and config that build, and keeps existing files on a second run", async () => {
    const dir = project({});
    const first = await relgen(dir, ["init"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created schema\.rel/);
    const config = JSON.parse(readFileSync(join(dir, "relgen.config.json"), "utf8")) as { schema: string };
    expect(config.schema).toBe("schema.rel");
    expect((await relgen(dir, ["check"])).code).toBe(0);
    const before = readFileSync(join(dir, "schema.rel"), "utf8");
    const second = await relgen(dir, ["init", "--schema", "other.rel"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/kept relgen\.config\.json/);
    expect(readFileSync(join(dir, "schema.rel"), "utf8")).toBe(before);
  });
});
