import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OUTPUTS } from "../src/outputs.js";
import { renderTemplate, templatesDirectory } from "../src/render/templates.js";

describe("templates", () => {
  it("finds the templates and has a template for every output row", () => {
    for (const row of OUTPUTS) if (row.format !== "json") expect(existsSync(join(templatesDirectory(), row.template))).toBe(true);
  });

  it("runs Handlebars strict: a field the view forgot is an error", () => {
    expect(() => renderTemplate("schema.ts.hbs", { header: "// h", metaImport: "" })).toThrow(/declaration/);
  });

  it("does not HTML-escape code", () => {
    const out = renderTemplate("schema.ts.hbs", {
      header: "// h",
      metaImport: "",
      declaration: 'export const x = { a: "<b>&" } as const;',
      typeAlias: "",
    });
    expect(out).toContain('"<b>&"');
  });
});
