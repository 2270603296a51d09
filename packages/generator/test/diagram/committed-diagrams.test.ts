import { readFileSync } from "node:fs";
import { compileFile, nodeHost } from "@relgen/dsl";
import { expect, test } from "vitest";
import { renderDiagram } from "../../src/diagram/index.js";

const REPO = new URL("../../../../", import.meta.url);
const REGENERATE = "node packages/generator/bin/relgen.mjs diagram fixtures/blog/schema.rel --out docs/diagrams/blog.svg --emit both";

/** The README and docs/diagram.md show docs/diagrams/blog.*: they must be what relgen draws today. */
test("docs/diagrams/blog.mmd and blog.svg are a fresh drawing of fixtures/blog/schema.rel", async () => {
  const compiled = compileFile("fixtures/blog/schema.rel", nodeHost(new URL(".", REPO).pathname));
  const result = await renderDiagram(compiled.ir!, { sourceName: "schema.rel", formats: ["mermaid", "svg"] });
  if (!result.ok) throw new Error(result.message);
  for (const { format, contents } of result.texts) {
    const file = `docs/diagrams/blog.${format === "mermaid" ? "mmd" : "svg"}`;
    expect(readFileSync(new URL(file, REPO), "utf8"), `${file} is stale; regenerate it with \`${REGENERATE}\``).toBe(contents);
  }
});
