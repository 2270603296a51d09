// Copies the Handlebars templates (templates/*.hbs at the repo root) into
// dist/templates, so the published @relgen/generator carries them: a user
// installs one package, not a fourth one nobody would know to ask for.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const from = fileURLToPath(new URL("../../../templates/", import.meta.url));
const to = fileURLToPath(new URL("../dist/templates/", import.meta.url));
rmSync(to, { recursive: true, force: true });
mkdirSync(to, { recursive: true });
const names = readdirSync(from).filter((name) => name.endsWith(".hbs")).sort();
if (names.length === 0) throw new Error(`No *.hbs templates in ${from}`);
for (const name of names) copyFileSync(from + name, to + name);
