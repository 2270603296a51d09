import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// VS Code reads the manifest at install time and reports nothing useful when
// a contributed path is wrong: the language just has no colours. Checked here.

const root = new URL("../", import.meta.url);
const read = (relative: string): unknown => JSON.parse(readFileSync(new URL(relative, root), "utf8"));

interface Manifest {
  name: string;
  publisher: string;
  main: string;
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown }> };
    commands: { command: string }[];
  };
}

const manifest = read("package.json") as Manifest;

describe("the extension manifest", () => {
  it("is packageable: publisher, engine and an entry point the bundler writes", () => {
    expect(manifest.publisher).toBe("relgen");
    expect(manifest.name).toBe("relgen-vscode");
    expect(manifest.engines.vscode).toBe("^1.85.0");
    const bundle = readFileSync(new URL("scripts/bundle.mjs", root), "utf8");
    expect(bundle).toContain(manifest.main.replace(/^\.\//, ""));
  });

  it("types against no newer VS Code API than the engine it claims", () => {
    // vsce refuses a package whose @types/vscode is newer than engines.vscode
    const minor = (range: string): number => Number(/1\.(\d+)/.exec(range)?.[1]);
    expect(minor(manifest.devDependencies["@types/vscode"]!)).toBeLessThanOrEqual(minor(manifest.engines.vscode));
  });

  it("contributes the .rel language with a configuration file that exists and parses", () => {
    const [language] = manifest.contributes.languages;
    expect(manifest.contributes.languages).toHaveLength(1);
    expect(language!.extensions).toEqual([".rel"]);
    expect(existsSync(new URL(language!.configuration, root))).toBe(true);
    const config = read(language!.configuration) as { comments: { lineComment: string; blockComment: string[] }; brackets: string[][] };
    expect(config.comments).toEqual({ lineComment: "//", blockComment: ["/*", "*/"] });
    expect(config.brackets.map((b) => b.join(""))).toEqual(["{}", "[]", "()"]);
  });

  it("contributes a grammar for that language whose file declares the same scope name", () => {
    const [grammar] = manifest.contributes.grammars;
    expect(manifest.contributes.grammars).toHaveLength(1);
    expect(grammar!.language).toBe(manifest.contributes.languages[0]!.id);
    expect(existsSync(new URL(grammar!.path, root))).toBe(true);
    const file = read(grammar!.path) as { scopeName: string; repository: Record<string, unknown>; patterns: unknown[] };
    expect(file.scopeName).toBe(grammar!.scopeName);
    expect(grammar!.scopeName).toBe("source.rel");
  });

  it("has every #include of the grammar defined in its repository", () => {
    const text = readFileSync(new URL(manifest.contributes.grammars[0]!.path, root), "utf8");
    const repository = (JSON.parse(text) as { repository: Record<string, unknown> }).repository;
    const includes = [...text.matchAll(/"include":\s*"#([^"]+)"/g)].map((m) => m[1]!);
    expect(includes.length).toBeGreaterThan(10);
    expect(includes.filter((name) => !(name in repository))).toEqual([]);
  });

  it("keeps the settings that choose what code runs out of untrusted workspaces' hands", () => {
    const trust = (read("package.json") as { capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } } }).capabilities.untrustedWorkspaces;
    expect(trust.supported).toBe("limited");
    expect([...trust.restrictedConfigurations].sort()).toEqual(Object.keys(manifest.contributes.configuration.properties).filter((k) => k.startsWith("relgen.server.")).sort());
  });

  it("declares the settings the client reads", () => {
    const source = readFileSync(new URL("src/extension.ts", root), "utf8");
    const properties = manifest.contributes.configuration.properties;
    for (const key of ["relgen.server.path", "relgen.server.runtime", "relgen.trace.server"]) expect(properties[key]?.type).toBe("string");
    for (const [, key] of source.matchAll(/\.get<string>\("([^"]+)"/g)) expect(Object.keys(properties)).toContain(`relgen.${key}`);
    for (const { command } of manifest.contributes.commands) expect(source).toContain(`"${command}"`);
  });
});
