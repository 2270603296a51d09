import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Handlebars from "handlebars";

/**
 * Templates live in the @relgen/templates workspace package. Each is compiled
 * once per process. `noEscape`: the output is code, not HTML. `strict`: a
 * field the view forgot is an error, not an empty string.
 */
const handlebars = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();
let templatesDir: string | undefined;

export function templatesDirectory(): string {
  templatesDir ??= dirname(createRequire(import.meta.url).resolve("@relgen/templates/package.json"));
  return templatesDir;
}

export function renderTemplate(name: string, data: object): string {
  let template = cache.get(name);
  if (template === undefined) {
    const source = readFileSync(join(templatesDirectory(), name), "utf8");
    template = handlebars.compile(source, { noEscape: true, strict: true });
    cache.set(name, template);
  }
  return template(data);
}
