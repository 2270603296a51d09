import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs, type BuildArgs } from "../../src/cli/args.js";
import type { CliIo } from "../../src/cli/io.js";
import { jsonSink } from "../../src/cli/json-report.js";
import { runWatch } from "../../src/cli/watch-command.js";
import { project, relgen, spawnRelgen } from "./harness.js";

const SCHEMA = `import "users.rel"

entity Post {
  id     Int @id @default(autoincrement())
  title  String(200)
  userId Int @references(User.id)
}
`;

const USERS = `entity User {
  id   Int @id @default(autoincrement())
  name String(80)
}
`;

/** Output so far, and a way to wait for text to appear in it (generous: CI machines are slow). */
function capture() {
  let text = "";
  const io = (cwd: string): CliIo => ({
    cwd,
    env: {},
    stdout: { write: (t: string) => (text += t), isTTY: false },
    stderr: { write: (t: string) => (text += t), isTTY: false },
  });
  const waitFor = async (needle: string, count = 1, timeoutMs = 15000): Promise<void> => {
    const started = Date.now();
    while (text.split(needle).length - 1 < count) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${count}x "${needle}"; output:\n${text}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { io, waitFor, text: () => text };
}

async function buildArgs(cwd: string, argv: string[]): Promise<BuildArgs> {
  const args = await parseArgs(argv, "test", cwd);
  if (args.command !== "build") throw new Error(`not a build: ${JSON.stringify(args)}`);
  return args;
}

const WATCHING = "for changes (Ctrl-C to stop)";

describe("relgen build --watch", () => {
  it("rebuilds on schema edits, survives errors, and follows imports", async () => {
    const dir = project({ "schema.rel": SCHEMA, "users.rel": USERS });
    const out = capture();
    const stop = new AbortController();
    const args = await buildArgs(dir, ["build", "schema.rel", "--out", "gen", "--watch"]);
    const done = runWatch(args, out.io(dir), { signal: stop.signal, debounceMs: 30 });

    await out.waitFor(WATCHING);
    expect(out.text()).toContain("watching 2 files");
    expect(readAll(dir)).toContain("class Post");
    expect(readAll(dir)).not.toContain("subtitle");

    // An edit to the entry schema rebuilds.
    writeFileSync(join(dir, "schema.rel"), SCHEMA.replace("title  String(200)", "title  String(200)\n  subtitle String(200)"));
    await out.waitFor("schema.rel changed; rebuilding");
    await out.waitFor(WATCHING, 2);
    const generated = () => readAll(dir);
    expect(generated()).toContain("subtitle");

    // An error is printed, the loop stays alive, and the output is left as it was.
    const before = generated();
    writeFileSync(join(dir, "schema.rel"), SCHEMA.replace("title  String(200)", "title  Strin(200)"));
    await out.waitFor("nothing was written");
    await out.waitFor(WATCHING, 3);
    expect(generated()).toBe(before);

    // Fixing it rebuilds and says so.
    writeFileSync(join(dir, "schema.rel"), SCHEMA);
    await out.waitFor("the schema is fixed; output rebuilt");
    await out.waitFor(WATCHING, 4);
    expect(generated()).not.toContain("subtitle");

    // An edit to an imported file rebuilds too.
    writeFileSync(join(dir, "users.rel"), USERS.replace("name String(80)", "name String(80)\n  email String(120)"));
    await out.waitFor("users.rel changed; rebuilding");
    await out.waitFor(WATCHING, 5);
    expect(generated()).toContain("email");

    stop.abort();
    await expect(done).resolves.toBe(0);
  }, 60000);

  it("--quiet: rebuilds without status lines, and still prints warnings and a schema error", async () => {
    const dir = project({ "schema.rel": SCHEMA, "users.rel": USERS });
    const out = capture();
    const stop = new AbortController();
    const { events, watcher } = fakeWatcher();
    const args = await buildArgs(dir, ["build", "schema.rel", "--out", "gen", "--watch", "--quiet"]);
    const done = runWatch(args, out.io(dir), { signal: stop.signal, watcher, debounceMs: 10 });
    const waitForFile = async (needle: string) => {
      const has = () => existsSync(join(dir, "gen")) && readAll(dir).includes(needle);
      for (let i = 0; i < 750 && !has(); i++) await new Promise((r) => setTimeout(r, 20));
    };
    await waitForFile("class Post");
    for (let i = 0; i < 750 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 20)); // watching begins after the build
    writeFileSync(join(dir, "schema.rel"), SCHEMA.replace("title  String(200)", "title  String(200)\n  subtitle String(200)"));
    events[0]!("schema.rel");
    // A warning that needs the user still prints (the last line of a rebuild); no "rebuilding", summary or "watching" lines.
    await out.waitFor("no migration captures yet");
    expect(readAll(dir)).toContain("subtitle");
    expect(out.text()).not.toMatch(/rebuilding|files in gen|watching/);
    writeFileSync(join(dir, "schema.rel"), SCHEMA.replace("title  String(200)", "title  Strin(200)"));
    events[0]!("schema.rel");
    await out.waitFor("nothing was written");
    expect(out.text()).not.toContain(WATCHING);
    stop.abort();
    await expect(done).resolves.toBe(0);
  }, 60000);

  it("coalesces a burst of writes into one build, and ignores unrelated files", async () => {
    const dir = project({ "schema.rel": SCHEMA, "users.rel": USERS });
    const out = capture();
    const stop = new AbortController();
    const { events, watcher } = fakeWatcher();
    const done = runWatch(await buildArgs(dir, ["build", "schema.rel", "--out", "gen", "--watch"]), out.io(dir), {
      signal: stop.signal,
      watcher,
      debounceMs: 50,
    });
    await out.waitFor(WATCHING);
    // Both files live in one directory: one watcher.
    expect(events).toHaveLength(1);
    events[0]!("notes.txt");
    events[0]!("schema.rel");
    events[0]!("schema.rel");
    events[0]!("users.rel");
    await out.waitFor(WATCHING, 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(out.text().match(/rebuilding/g)).toHaveLength(1);
    expect(out.text()).toContain("schema.rel, users.rel changed; rebuilding");
    expect(out.text()).not.toContain("notes.txt");
    stop.abort();
    await expect(done).resolves.toBe(0);
  });

  it("with --format json prints one single-line document a build, errors included", async () => {
    const dir = project({ "schema.rel": SCHEMA, "users.rel": USERS });
    let stdout = "";
    const events: Array<(name: string | null) => void> = [];
    const io: CliIo = {
      cwd: dir,
      env: {},
      stdout: { write: (t: string) => (stdout += t), isTTY: false },
      stderr: { write: () => undefined, isTTY: false },
      json: jsonSink(),
    };
    const docs = () => stdout.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { command: string; ok: boolean; diagnostics: unknown[] });
    const until = async (n: number) => {
      for (const started = Date.now(); docs().length < n; await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() - started > 15000) throw new Error(`timed out waiting for ${n} documents; stdout:\n${stdout}`);
      }
    };
    const stop = new AbortController();
    const watcher = (_dir: string, onEvent: (name: string | null) => void) => {
      events.push(onEvent);
      return { close: () => undefined };
    };
    const args = await buildArgs(dir, ["build", "schema.rel", "--out", "gen", "--watch", "--format", "json"]);
    const done = runWatch(args, io, { signal: stop.signal, watcher, debounceMs: 20 });
    await until(1);
    writeFileSync(join(dir, "users.rel"), USERS.replace("String(80)", "Strng"));
    events[0]!("users.rel");
    await until(2);
    expect(docs().map((d) => [d.command, d.ok, d.diagnostics.length])).toEqual([
      ["build", true, 0],
      ["build", false, 1],
    ]);
    stop.abort();
    await expect(done).resolves.toBe(0);
  });

  it("refuses --watch with --check as a usage error", async () => {
    const dir = project({ "schema.rel": SCHEMA, "users.rel": USERS });
    const run = await relgen(dir, ["build", "schema.rel", "--watch", "--check"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--watch and --check cannot be combined");
    expect(existsSync(join(dir, "generated"))).toBe(false);
  });

  it("exits 0 on Ctrl-C (SIGINT) as a real process", async () => {
    const dir = project({ "schema.rel": SCHEMA, "users.rel": USERS });
    const child = spawnRelgen(dir, ["build", "schema.rel", "--out", "gen", "--watch"]);
    let stdout = "";
    child.stderr!.on("data", () => undefined);
    const ready = new Promise<void>((resolve) =>
      child.stdout!.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes(WATCHING)) resolve();
      }),
    );
    await ready;
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  }, 60000);
});

/** Every generated TypeScript file's text (migrations aside), in a stable order. */
/** A watcher the test fires by hand: `events[i]` is the i-th watched directory's callback. */
function fakeWatcher() {
  const events: Array<(name: string | null) => void> = [];
  const watcher = (_dir: string, onEvent: (name: string | null) => void) => {
    events.push(onEvent);
    return { close: () => undefined };
  };
  return { events, watcher };
}

function readAll(dir: string): string {
  const gen = join(dir, "gen");
  return readdirSync(gen, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => readFileSync(join(gen, f), "utf8"))
    .join("\n");
}
