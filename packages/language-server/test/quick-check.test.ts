import { readdirSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { compileFile, loadSchema, memoryHost, type Diagnostic } from "@relgen/dsl";
import { describe, expect, it } from "vitest";
import { quickCheck } from "../src/incremental/quick-check.js";
import type { Unit } from "../src/workspace/unit.js";
import { fixture } from "./support/client.js";

/** The single-file fixtures that compile: the starting points of the edits. */
const schemas = readdirSync(fixture())
  .map((d) => fixture(d, "schema.rel"))
  .filter((f) => existsSync(f) && !readFileSync(f, "utf8").includes("import "))
  .sort();

const FILE = "schema.rel";
const compiled = (text: string) => compileFile(FILE, memoryHost({ [FILE]: text }));
const unitOf = (text: string): Unit => {
  const loaded = loadSchema(FILE, memoryHost({ [FILE]: text }));
  return { entry: FILE, files: loaded.files, sources: loaded.sources, diagnostics: compiled(text).diagnostics };
};
const shown = (ds: readonly Diagnostic[]) => ds.map((d) => ({ code: d.code, span: d.span, message: d.message, help: d.help, related: d.related }));

/** Edits a user makes while typing, each from the fixture's text: what they break is what the quick check must report. */
function edits(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const at = (needle: RegExp) => [...text.matchAll(needle)].map((m) => m.index!);
  for (const i of at(/@references\([^)]*\)/g).slice(0, 2)) out.push(["drop a foreign key", text.slice(0, i) + text.slice(text.indexOf(")", i) + 1)]);
  for (const i of at(/ [A-Z]\w*(\[\]|\?)? +@(backref|inverse|through)/g).slice(0, 2)) out.push(["misspell a relation's target", `${text.slice(0, i + 2)}x${text.slice(i + 2)}`]);
  for (const i of at(/@backref\(\w+/g).slice(0, 2)) out.push(["a backref named like a field", `${text.slice(0, i)}@backref(id${text.slice(text.indexOf("(", i) + 1 + /\w+/.exec(text.slice(text.indexOf("(", i) + 1))![0].length)}`]);
  for (const i of at(/\n}\n/g).slice(0, 2)) out.push(["type a new field", `${text.slice(0, i)}\n  extra Int?${text.slice(i)}`]);
  for (const i of at(/\nentity /g).slice(0, 2)) out.push(["document an entity", `${text.slice(0, i)}\n/// Now documented.${text.slice(i)}`]);
  return out;
}

describe("the quick check of an edit reports what compiling the whole schema reports", () => {
  it("on every single-file fixture, for edits that break keys, targets and backrefs", () => {
    let quick = 0;
    let total = 0;
    let broken = 0;
    let undoneQuick = 0;
    for (const schema of schemas) {
      const text = readFileSync(schema, "utf8");
      const before = unitOf(text);
      for (const [what, edited] of edits(text)) {
        total++;
        const checked = quickCheck(before, FILE, edited);
        if (!checked) continue;
        quick++;
        const whole = compiled(edited).diagnostics;
        if (whole.length > 0) broken++;
        expect(shown(checked.diagnostics), `${path.basename(path.dirname(schema))}: ${what}`).toEqual(shown(whole));
        // and on from there: the edit undone (when the quick path declines it, the complete compile answers)
        const undone = quickCheck(checked, FILE, text);
        if (undone === undefined) continue;
        undoneQuick++;
        expect(shown(undone.diagnostics)).toEqual(shown(before.diagnostics));
      }
    }
    expect(total).toBeGreaterThan(80);
    // most edits break something: the comparison is over real diagnostics, not empty lists
    expect(broken / quick).toBeGreaterThan(0.5);
    // what it hands to the complete compile: syntax errors and names clashing schema-wide; none of these edits are such
    expect(quick / total).toBeGreaterThan(0.9);
    // the undo comparison above runs for nearly every edit, not only for the few the quick path takes back
    expect(undoneQuick / quick).toBeGreaterThan(0.9);
  });

  it("moves the declarations after an edit: their diagnostics and spans match a fresh compile", () => {
    const text = readFileSync(fixture("blog", "schema.rel"), "utf8");
    // an error near the end, then an edit near the start that adds two lines
    const broken = text.replace("  postId    Int      @references(Post.id)", "  postId    Int      @references(Pots.id)");
    const start = unitOf(broken);
    const edited = broken.replace("entity User {", "entity User {\n  // a note\n");
    const checked = quickCheck(start, FILE, edited)!;
    expect(checked).toBeDefined();
    expect(shown(checked.diagnostics)).toEqual(shown(compiled(edited).diagnostics));
    const comment = (checked.files[0]!.declarations.find((d) => d.name.name === "Comment"))!;
    expect(comment.span.line).toBe(compiled(edited).sources.get(FILE)!.slice(0, edited.indexOf("entity Comment")).split("\n").length);
  });

  it("counts lines as the compiler does in a file with CRLF line breaks", () => {
    const text = readFileSync(fixture("blog", "schema.rel"), "utf8").replaceAll("\n", "\r\n");
    const edited = text.replace("  title     String(200)", "  title     String(200)\r\n  subtitle  Strng").replace("  postId    Int      @references(Post.id)", "  postId    Int      @references(Pots.id)");
    const checked = quickCheck(unitOf(text), FILE, edited);
    expect(checked).toBeDefined();
    expect(shown(checked!.diagnostics)).toEqual(shown(compiled(edited).diagnostics));
    expect(checked!.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(["E0401", "E0513"]));
  });
});
