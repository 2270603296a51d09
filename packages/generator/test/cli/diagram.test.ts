import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readMermaid, readSvg } from "../diagram/read-pictures.js";
import { BLOG, project, relgen, snapshot } from "./harness.js";

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

describe("relgen diagram", () => {
  test("writes <schema>.mmd and <schema>.svg into diagrams/, then leaves them as they are", async () => {
    const dir = project({ "schema.rel": BLOG });
    const run = await relgen(dir, ["diagram", "schema.rel"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("wrote diagrams/schema.mmd\nwrote diagrams/schema.svg\nrelgen diagram: 2 boxes, 1 line; 2 written, 0 unchanged\n");
    const mermaid = readMermaid(read(dir, "diagrams/schema.mmd"));
    expect([...mermaid.entities.keys()]).toEqual(["Post", "User"]);
    expect(mermaid.relationships).toEqual([{ from: "User", left: "||", dashed: false, right: "o{", to: "Post", label: "posts / author" }]);
    expect(readSvg(read(dir, "diagrams/schema.svg")).nodes.map((n) => n.title)).toEqual(["Post", "User"]);
    const before = snapshot(dir);
    const again = await relgen(dir, ["diagram", "schema.rel"]);
    expect(again.stdout).toBe("relgen diagram: 2 boxes, 1 line; 0 written, 2 unchanged\n");
    expect(snapshot(dir)).toEqual(before);
  });

  test("--out naming a .svg file writes that file only; --emit both adds the .mmd beside it", async () => {
    const dir = project({ "db/schema.rel": BLOG });
    expect((await relgen(dir, ["diagram", "db/schema.rel", "--out", "docs/erd.svg"])).code).toBe(0);
    expect(Object.keys(snapshot(join(dir, "docs")))).toEqual([".relgen-manifest.json", "erd.svg"]);
    expect((await relgen(dir, ["diagram", "db/schema.rel", "--out", "docs/erd.svg", "--emit", "both"])).code).toBe(0);
    expect(Object.keys(snapshot(join(dir, "docs")))).toEqual([".relgen-manifest.json", "erd.mmd", "erd.svg"]);
    const conflict = await relgen(dir, ["diagram", "db/schema.rel", "--out", "docs/erd.svg", "--emit", "mermaid"]);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain("--out docs/erd.svg names a .svg file but --emit is mermaid");
  });

  test("a schema error prints the diagnostics and writes nothing", async () => {
    const dir = project({ "schema.rel": "entity User {\n  id Int @id\n  posts Pots[]\n}\n" });
    const run = await relgen(dir, ["diagram", "schema.rel"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("schema.rel:3:");
    expect(run.stdout).toContain("relgen diagram: nothing was written");
    expect(existsSync(join(dir, "diagrams"))).toBe(false);
  });

  test("an unknown --focus is refused with a did-you-mean, and nothing is written", async () => {
    const dir = project({ "schema.rel": BLOG });
    const run = await relgen(dir, ["diagram", "schema.rel", "--focus", "Pots"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('relgen diagram: --focus names no entity or table: "Pots"\n  = help: did you mean `Post`?\n');
    expect(existsSync(join(dir, "diagrams"))).toBe(false);
    const json = await relgen(dir, ["diagram", "schema.rel", "--focus", "Pots", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ command: "diagram", ok: false, error: { code: "usage", hint: "did you mean `Post`?" } });
  });

  test("--focus into a folder names the files after the focus too, beside the whole schema's", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["diagram", "schema.rel"])).code).toBe(0);
    const whole = read(dir, "diagrams/schema.mmd");
    const run = await relgen(dir, ["diagram", "schema.rel", "--focus", "Post", "--depth", "0"]);
    expect(run.stdout).toContain("wrote diagrams/schema.Post.mmd\nwrote diagrams/schema.Post.svg\n");
    expect([...readMermaid(read(dir, "diagrams/schema.Post.mmd")).entities.keys()]).toEqual(["Post"]);
    expect(read(dir, "diagrams/schema.mmd")).toBe(whole);
  });

  test("--depth without --focus, or not a whole number, is a usage error", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["diagram", "schema.rel", "--depth", "2"])).stderr).toContain("--depth needs --focus");
    const negative = await relgen(dir, ["diagram", "schema.rel", "--focus", "User", "--depth", "1.5"]);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain("--depth must be a whole number");
  });

  test("a file relgen did not write is refused and kept; so is a folder `relgen build` writes into", async () => {
    const dir = project({ "schema.rel": BLOG, "diagrams/schema.svg": "<svg>mine</svg>\n" });
    const run = await relgen(dir, ["diagram", "schema.rel"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("cannot write diagrams/schema.svg: is not relgen's");
    expect(read(dir, "diagrams/schema.svg")).toBe("<svg>mine</svg>\n");
    expect(existsSync(join(dir, "diagrams/schema.mmd"))).toBe(false);

    expect((await relgen(dir, ["build", "schema.rel", "--out", "generated"])).code).toBe(0);
    const before = snapshot(join(dir, "generated"));
    const into = await relgen(dir, ["diagram", "schema.rel", "--out", "generated"]);
    expect(into.code).toBe(1);
    expect(into.stdout).toContain("it holds relgen's generated code");
    expect(into.stdout).toContain("--out docs/diagrams");
    expect(snapshot(join(dir, "generated"))).toEqual(before);
  });

  test("a build into a folder of diagrams is refused, and the diagrams stay", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["diagram", "schema.rel", "--out", "out"])).code).toBe(0);
    const before = snapshot(join(dir, "out"));
    const build = await relgen(dir, ["build", "schema.rel", "--out", "out"]);
    expect(build.code).toBe(1);
    expect(build.stdout).toContain("cannot write out: it holds diagrams (written by `relgen diagram`");
    expect(build.stdout).toContain("give the build an --out of its own");
    expect(snapshot(join(dir, "out"))).toEqual(before);
    expect((await relgen(dir, ["diagram", "schema.rel", "--out", "out"])).stdout).toContain("0 written, 2 unchanged");
  });

  test("diagrams inside a build's output folder are refused, so the next build still runs", async () => {
    const dir = project({ "schema.rel": BLOG });
    expect((await relgen(dir, ["build", "schema.rel", "--out", "gen"])).code).toBe(0);
    const before = snapshot(join(dir, "gen"));
    const into = await relgen(dir, ["diagram", "schema.rel", "--out", "gen/models"]);
    expect(into.code).toBe(1);
    expect(into.stdout).toContain("cannot write gen/models: it is inside");
    expect(into.stdout).toContain("the output folder of `relgen build`");
    expect(into.stdout).toContain("--out docs/diagrams");
    expect(snapshot(join(dir, "gen"))).toEqual(before);
    const build = await relgen(dir, ["build", "schema.rel", "--out", "gen"]);
    expect(build.stdout + build.stderr).not.toContain("another build's output folder");
    expect(build.code).toBe(0);
  });

  test("--format json reports the files and counts as one document", async () => {
    const dir = project({ "schema.rel": BLOG });
    const run = await relgen(dir, ["diagram", "schema.rel", "--emit", "mermaid", "--format", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      command: "diagram",
      ok: true,
      files: { written: ["diagrams/schema.mmd"], unchanged: [] },
      nodes: 2,
      edges: 1,
    });
  });

  test("quotes, #, <, & and backslashes in docs, names and defaults stay text in both pictures", async () => {
    const hostile = `/// A "quoted" <b>doc</b> & a #hash; \\\\ and -- dashes
entity Note {
  id    Int    @id
  /// says "hi" #1; <x>
  title String @default("a \\"b\\" <c> #d; & e")
  pk    Int    @unique
}

entity Class {
  id Int @id
}
`;
    const dir = project({ "weird--name.rel": hostile });
    const run = await relgen(dir, ["diagram", "weird--name.rel"]);
    expect(run.stderr).toBe("");
    const mermaid = read(dir, "diagrams/weird--name.mmd");
    const title = readMermaid(mermaid).entities.get("Note")!.attributes.find((a) => a.name === "title")!;
    // Mermaid decodes `#name;` codes in one pass: decoded the same way, the comment is the text as written
    const decoded = title.comment!.replace(/#(quot|35);/g, (_, code: string) => (code === "quot" ? '"' : "#"));
    expect(title.comment).not.toMatch(/"/);
    expect(decoded).toBe('default "a \\"b\\" <c> #d; & e"; says "hi" #1; <x>');
    // names Mermaid would read as keywords or key markers stay names
    expect(mermaid).toContain('  "Class" {\n');
    expect(readMermaid(mermaid).entities.get("Note")!.attributes.map((a) => [a.name, a.keys])).toEqual([["id", ["PK"]], ["title", []], ["pk_", ["UK"]]]);
    const svg = read(dir, "diagrams/weird--name.svg");
    const nodes = readSvg(svg).nodes;
    expect(nodes.map((n) => n.title)).toEqual(["Class", "Note"]);
    expect(nodes.find((n) => n.title === "Note")!.tooltip).toBe('A "quoted" <b>doc</b> & a #hash; \\\\ and -- dashes');
    expect(svg.startsWith("<!-- Generated by relgen from weird- -name.rel.")).toBe(true);
    expect(svg).toContain("&lt;c&gt;");
    expect(svg).not.toContain("<c>");
  });
});
