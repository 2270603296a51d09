import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUNDLED_SERVER, locateServer, SERVER_BIN, SERVER_PACKAGE, type LocateResult } from "../src/server-location.js";

// Real folders laid out as an installed extension and a project would be.

let dir: string;
let extension: string;
let project: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "relgen-vscode-locate-"));
  extension = path.join(dir, "extension");
  project = path.join(dir, "project");
  mkdirSync(extension, { recursive: true });
  mkdirSync(project, { recursive: true });
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(file: string, text = "// server\n"): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Installs a server package under `root`/node_modules with the given bin field. */
function install(root: string, bin: unknown): string {
  const pkg = path.join(root, "node_modules", ...SERVER_PACKAGE.split("/"));
  write(path.join(pkg, "package.json"), JSON.stringify({ name: SERVER_PACKAGE, bin }));
  return pkg;
}

function refusal(result: LocateResult): { reason: string; fix: string } {
  if (result.ok) throw new Error(`expected a refusal, got ${result.location.module}`);
  return result.refusal;
}

describe("locating the language server", () => {
  it("runs the server bundled in the extension when nothing is set", () => {
    const bundled = write(path.join(extension, BUNDLED_SERVER));
    install(project, { [SERVER_BIN]: "bin/server.mjs" });
    write(path.join(project, "node_modules", ...SERVER_PACKAGE.split("/"), "bin", "server.mjs"));
    expect(locateServer({ setting: "", workspaceFolders: [project], extensionPath: extension, trusted: true })).toEqual({ ok: true, location: { module: bundled, source: "bundled" } });
  });

  it("falls back to the workspace's installed package, found from a nested folder as Node would", () => {
    const pkg = install(project, { [SERVER_BIN]: "bin/server.mjs", other: "x.js" });
    const entry = write(path.join(pkg, "bin", "server.mjs"));
    const nested = path.join(project, "apps", "api");
    mkdirSync(nested, { recursive: true });
    expect(locateServer({ setting: "", workspaceFolders: [nested], extensionPath: extension, trusted: true })).toEqual({ ok: true, location: { module: entry, source: "workspace" } });
  });

  it("accepts a bin given as a plain string", () => {
    const pkg = install(project, "./cli.js");
    const entry = write(path.join(pkg, "cli.js"));
    const result = locateServer({ setting: "", workspaceFolders: [project], extensionPath: extension, trusted: true });
    expect(result).toEqual({ ok: true, location: { module: entry, source: "workspace" } });
  });

  it("lets the setting win, resolving a relative path against the first workspace folder", () => {
    write(path.join(extension, BUNDLED_SERVER));
    const custom = write(path.join(project, "tools", "server.js"));
    const result = locateServer({ setting: " tools/server.js ", workspaceFolders: [project, dir], extensionPath: extension, trusted: true });
    expect(result).toEqual({ ok: true, location: { module: custom, source: "setting" } });
  });

  it("runs the bin of a package folder named by the setting", () => {
    const pkg = install(project, { [SERVER_BIN]: "dist/server.js" });
    const entry = write(path.join(pkg, "dist", "server.js"));
    expect(locateServer({ setting: pkg, workspaceFolders: [], extensionPath: extension, trusted: true })).toEqual({ ok: true, location: { module: entry, source: "setting" } });
  });

  it("refuses a setting that points nowhere instead of quietly running another server", () => {
    write(path.join(extension, BUNDLED_SERVER));
    const r = refusal(locateServer({ setting: "missing/server.js", workspaceFolders: [project], extensionPath: extension, trusted: true }));
    expect(r.reason).toContain(path.join(project, "missing", "server.js"));
    expect(r.reason).toContain("does not exist");
    expect(r.fix).toContain("clear it");
  });

  it("refuses a relative setting with no workspace folder to resolve it against", () => {
    const r = refusal(locateServer({ setting: "server.js", workspaceFolders: [], extensionPath: extension, trusted: true }));
    expect(r.reason).toContain('"server.js"');
    expect(r.fix).toContain("absolute path");
  });

  it("refuses an installed package without the server's bin, naming the manifest", () => {
    const pkg = install(project, { "some-other-tool": "x.js" });
    const r = refusal(locateServer({ setting: "", workspaceFolders: [project], extensionPath: extension, trusted: true }));
    expect(r.reason).toContain(path.join(pkg, "package.json"));
    expect(r.reason).toContain(SERVER_BIN);
  });

  it("refuses an installed package whose bin file is missing (not built)", () => {
    const pkg = install(project, { [SERVER_BIN]: "dist/server.js" });
    const r = refusal(locateServer({ setting: "", workspaceFolders: [project], extensionPath: extension, trusted: true }));
    expect(r.reason).toContain(path.join(pkg, "dist", "server.js"));
    expect(r.fix).toContain("build or reinstall");
  });

  it("refuses an unreadable manifest with the parser's reason", () => {
    const pkg = path.join(project, "node_modules", ...SERVER_PACKAGE.split("/"));
    write(path.join(pkg, "package.json"), "{ not json");
    const r = refusal(locateServer({ setting: "", workspaceFolders: [project], extensionPath: extension, trusted: true }));
    expect(r.reason).toContain("cannot be read as JSON");
  });

  it("runs no server installed in an untrusted workspace, and says that trust is what is missing", () => {
    const pkg = install(project, { [SERVER_BIN]: "bin/server.mjs" });
    write(path.join(pkg, "bin", "server.mjs"));
    const r = refusal(locateServer({ setting: "", workspaceFolders: [project], extensionPath: extension, trusted: false }));
    expect(r.reason).toContain("not trusted");
    expect(r.fix).toContain("trust the workspace");
    // the bundled server is the extension's own code: it runs either way
    const bundled = write(path.join(extension, BUNDLED_SERVER));
    expect(locateServer({ setting: "", workspaceFolders: [project], extensionPath: extension, trusted: false })).toEqual({ ok: true, location: { module: bundled, source: "bundled" } });
  });

  it("says what to install or set when there is no server anywhere", () => {
    const r = refusal(locateServer({ setting: "", workspaceFolders: [project], extensionPath: extension, trusted: true }));
    expect(r.reason).toContain("none bundled");
    expect(r.fix).toContain(`npm install --save-dev ${SERVER_PACKAGE}`);
    expect(r.fix).toContain("relgen.server.path");
  });
});
