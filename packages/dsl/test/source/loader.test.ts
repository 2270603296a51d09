import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadSchema, MAX_SOURCE_BYTES, memoryHost, nodeHost } from "@relgen/dsl";

const summary = (r: ReturnType<typeof loadSchema>) => ({
  files: r.files.map((f) => f.path),
  diagnostics: r.diagnostics.map((d) => `${d.span.file}:${d.span.line}:${d.span.column} ${d.code} ${d.message}`),
});

describe("loadSchema", () => {
  test("entry first, then imports depth-first in import order, keyed relative to the entry", () => {
    const host = memoryHost({
      "fixtures/blog/schema.rel": `import "common.rel"\nimport "sub/b.rel"\nentity A { id Int @id }`,
      "fixtures/blog/common.rel": `import "deep.rel"\nenum E { X }`,
      "fixtures/blog/deep.rel": `enum D { Y }`,
      "fixtures/blog/sub/b.rel": `import "../deep.rel"\nentity B { id Int @id }`,
    });
    const r = loadSchema("fixtures/blog/schema.rel", host);
    expect(summary(r)).toEqual({
      files: ["fixtures/blog/schema.rel", "fixtures/blog/common.rel", "fixtures/blog/deep.rel", "fixtures/blog/sub/b.rel"],
      diagnostics: [],
    });
    expect([...r.sources.keys()]).toEqual(r.files.map((f) => f.path));
    expect(r.files[3]!.declarations[0]!.name.span.file).toBe("fixtures/blog/sub/b.rel");
  });

  test("a diamond loads the shared file once", () => {
    const host = memoryHost({
      "a.rel": `import "b.rel"\nimport "c.rel"`,
      "b.rel": `import "d.rel"`,
      "c.rel": `import "d.rel"`,
      "d.rel": `enum D { X }`,
    });
    expect(summary(loadSchema("a.rel", host))).toEqual({ files: ["a.rel", "b.rel", "d.rel", "c.rel"], diagnostics: [] });
  });

  test("a missing import points at the import's string and names the path tried", () => {
    const host = memoryHost({ "s/main.rel": `entity A { id Int @id }\nimport   "nope.rel"` });
    const r = loadSchema("s/main.rel", host);
    expect(summary(r).diagnostics).toEqual(['s/main.rel:2:10 E0201 imported file "nope.rel" not found']);
    expect(r.diagnostics[0]!.span).toMatchObject({ start: 33, end: 43 });
    expect(r.diagnostics[0]!.help).toContain("s/nope.rel");
    expect(summary(r).files).toEqual(["s/main.rel"]);
  });

  test("an import cycle names the chain", () => {
    const host = memoryHost({
      "a.rel": `import "b.rel"`,
      "b.rel": `import "c.rel"`,
      "c.rel": `enum C { X }\nimport "a.rel"`,
    });
    const r = loadSchema("./a.rel", host);
    expect(summary(r)).toEqual({
      files: ["a.rel", "b.rel", "c.rel"],
      diagnostics: ["c.rel:2:8 E0202 import cycle: a.rel → b.rel → c.rel → a.rel"],
    });
  });

  test("a file importing itself", () => {
    const r = loadSchema("x/self.rel", memoryHost({ "x/self.rel": `import "./self.rel"` }));
    expect(summary(r).diagnostics).toEqual(['x/self.rel:1:8 E0202 file imports itself: x/self.rel → x/self.rel']);
  });

  test("a missing entry file", () => {
    const r = loadSchema("missing.rel", memoryHost({}));
    expect(r.files).toEqual([]);
    expect(r.diagnostics).toMatchObject([
      { code: "E0203", span: { file: "missing.rel", start: 0, end: 0, line: 1, column: 1 } },
    ]);
  });

  test("syntax errors of every file are collected", () => {
    const host = memoryHost({ "a.rel": `import "b.rel"\nentity A {`, "b.rel": `enum B { X, }` });
    const codes = loadSchema("a.rel", host).diagnostics.map((d) => `${d.span.file} ${d.code}`);
    expect(codes).toEqual(["a.rel E0110", "b.rel E0111"]);
  });

  test("a schema path that is a directory says so, instead of 'not found'", () => {
    const root = mkdtempSync(join(tmpdir(), "relgen-loader-"));
    mkdirSync(join(root, "schemas"));
    const r = loadSchema("schemas", nodeHost(root));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "E0203", message: 'schema file "schemas" cannot be read: it is a directory' });
    expect(r.diagnostics[0]!.help).toContain(".rel file inside it");
    expect(loadSchema("nope.rel", nodeHost(root)).diagnostics[0]!.message).toBe('schema file "nope.rel" not found');
  });

  test("nodeHost reads relative to its root and keeps keys relative", () => {
    const root = mkdtempSync(join(tmpdir(), "relgen-loader-"));
    mkdirSync(join(root, "schemas"));
    writeFileSync(join(root, "schemas", "main.rel"), `import "lib.rel"\nentity A { id Int @id }`);
    writeFileSync(join(root, "schemas", "lib.rel"), `enum L { X }`);
    const r = loadSchema("schemas/main.rel", nodeHost(root));
    expect(summary(r)).toEqual({ files: ["schemas/main.rel", "schemas/lib.rel"], diagnostics: [] });
    expect(nodeHost(root).readFile("schemas/none.rel")).toBeUndefined();
    expect(nodeHost(root).readFile("schemas")).toBeUndefined();
    expect(JSON.stringify(r.files)).not.toContain(root);
  });

  describe("only regular files up to MAX_SOURCE_BYTES are read", () => {
    const root = mkdtempSync(join(tmpdir(), "relgen-loader-"));
    execFileSync("mkfifo", [join(root, "pipe.rel")]); // reading it would block forever
    mkdirSync(join(root, "dir.rel"));
    writeFileSync(join(root, "big.rel"), Buffer.alloc(MAX_SOURCE_BYTES + 1, 0x20));
    writeFileSync(join(root, "ok.rel"), "enum E { X }");
    symlinkSync("ok.rel", join(root, "link.rel"));
    symlinkSync("/dev/zero", join(root, "zero.rel"));
    const imports = (...specs: string[]) => {
      writeFileSync(join(root, "main.rel"), specs.map((s) => `import "${s}"`).join("\n") + "\nentity A { id Int @id }\n");
      return summary(loadSchema("main.rel", nodeHost(root))).diagnostics;
    };

    test.each([
      ["pipe.rel", 'E0204 imported "pipe.rel" is not a regular file: it is a FIFO (named pipe)'],
      ["/dev/zero", 'E0204 imported "/dev/zero" is not a regular file: it is a character device'],
      ["zero.rel", 'E0204 imported "zero.rel" is not a regular file: it is a character device'],
      ["dir.rel", 'E0204 imported "dir.rel" is not a regular file: it is a directory'],
      ["big.rel", `E0205 imported file "big.rel" is too large: ${MAX_SOURCE_BYTES + 1} bytes, over the 8 MiB limit`],
    ])("import %s: a diagnostic on the import line, nothing read", (spec, message) => {
      expect(imports("ok.rel", spec)).toEqual([`main.rel:2:8 ${message}`]);
    });

    test("a symbolic link to a regular file is read", () => {
      expect(imports("link.rel")).toEqual([]);
    });

    test("the entry file gets the same checks", () => {
      const entry = (file: string) => loadSchema(file, nodeHost(root)).diagnostics.map((d) => `${d.code} ${d.message}`);
      expect(entry("pipe.rel")).toEqual(['E0203 schema file "pipe.rel" cannot be read: it is a FIFO (named pipe), not a regular file']);
      expect(entry("zero.rel")).toEqual(['E0203 schema file "zero.rel" cannot be read: it is a character device, not a regular file']);
      expect(entry("big.rel")).toEqual([`E0203 schema file "big.rel" cannot be read: it is ${MAX_SOURCE_BYTES + 1} bytes, over the 8 MiB limit`]);
    });

    test("text from a memory host is held to the same limit", () => {
      const big = " ".repeat(MAX_SOURCE_BYTES + 1);
      const r = loadSchema("a.rel", memoryHost({ "a.rel": `import "b.rel"`, "b.rel": big }));
      expect(summary(r).diagnostics).toEqual([`a.rel:1:8 E0205 imported file "b.rel" is too large: ${MAX_SOURCE_BYTES + 1} bytes, over the 8 MiB limit`]);
    });
  });
});
