import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";

/**
 * Templates are copied into dist/templates at build, so an installed
 * @relgen/generator finds them next to its code; run from source (tests,
 * `--conditions=source`), they are read from the repo's templates/ folder.
 * Each is compiled once per process. `noEscape`: the output is code, not
 * HTML. `strict`: a field the view forgot is an error, not an empty string.
 * `knownHelpersOnly` and `data: false`: templates use only `each` and `if`
 * and no `@index`-style variables, so a `{{field}}` compiles to a plain
 * lookup (no "is it a helper?" check) and `each` builds no data frame per
 * item (a fifth off the model template's time in a fresh process).
 */
const COMPILE_OPTIONS = { noEscape: true, strict: true, knownHelpersOnly: true, data: false } as const;
const handlebars = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();
let templatesDir: string | undefined;

// Relative to this module: dist/render/templates.js, the CLI bundle dist/relgen.mjs, src/render/templates.ts.
const CANDIDATES = ["../templates/", "./templates/", "../../../../templates/"];
const MARKER = "schema.ts.hbs";

export function templatesDirectory(): string {
  templatesDir ??= findTemplates();
  return templatesDir;
}

function findTemplates(): string {
  const dirs = CANDIDATES.map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  const found = dirs.find((dir) => existsSync(join(dir, MARKER)));
  if (found === undefined) {
    throw new Error(
      `relgen cannot find its templates (looked for ${MARKER} in ${dirs.join(", ")}). ` +
        `The @relgen/generator installation is incomplete: reinstall it, or in the relgen repo run \`pnpm run build\`.`,
    );
  }
  return found;
}

export function renderTemplate(name: string, data: object): string {
  let template = cache.get(name);
  if (template === undefined) {
    const source = readFileSync(join(templatesDirectory(), name), "utf8");
    template = handlebars.compile(source, COMPILE_OPTIONS);
    cache.set(name, template);
  }
  return template(data);
}
