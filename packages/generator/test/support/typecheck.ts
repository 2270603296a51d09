import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { GeneratedFile } from "../../src/index.js";

const runtimeEntry = resolve(dirname(fileURLToPath(import.meta.url)), "../../../runtime/src/index.ts");

/**
 * Writes generated code plus extra files to a temp dir and compiles it the way
 * a strict user project would. Returns formatted diagnostics ([] = compiles).
 */
export function typecheck(
  files: readonly GeneratedFile[],
  extra: Record<string, string>,
  overrides: ts.CompilerOptions = {},
): string[] {
  const dir = mkdtempSync(join(tmpdir(), "relgen-typecheck-"));
  try {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const sources = [
      ...files.filter((f) => f.root === "code").map((f) => [f.path, f.contents] as const),
      ...Object.entries(extra),
    ];
    for (const [path, contents] of sources) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      customConditions: ["source"],
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      noImplicitOverride: true,
      noEmit: true,
      types: [],
      // The runtime is not installed in the temp dir; point the import at its sources.
      paths: { "@relgen/runtime": [runtimeEntry] },
      ...overrides,
    };
    const program = ts.createProgram(
      sources.map(([path]) => join(dir, path)),
      options,
    );
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
