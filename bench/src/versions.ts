import { readFileSync } from "node:fs";
import { join } from "node:path";

/** `name version` of a package installed under nodeModules (read from disk: some packages export no package.json). */
export function versionOf(nodeModules: string, name: string): string {
  const { version } = JSON.parse(readFileSync(join(nodeModules, name, "package.json"), "utf8")) as { version: string };
  return `${name} ${version}`;
}
