import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("../../../../fixtures/", import.meta.url));

export interface Fixture {
  /** Path under fixtures/, e.g. `errors/E0101-syntax-errors/schema.rel`. */
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

/** Every `.rel` file under fixtures/ (error fixtures and imported files too), in a stable order. */
export function relFixtures(): Fixture[] {
  return relFiles(FIXTURES).map((file) => ({ name: path.relative(FIXTURES, file), file, text: readFileSync(file, "utf8") }));
}

function relFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? (e.name === "node_modules" ? [] : relFiles(path.join(dir, e.name))) : e.name.endsWith(".rel") ? [path.join(dir, e.name)] : []))
    .sort();
}
