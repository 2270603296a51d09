import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The bench package's own node_modules (pg, mysql2, better-sqlite3). */
export const benchModules = new URL("../node_modules", import.meta.url).pathname;

/** `name version` of a package installed under nodeModules (read from disk: some packages export no package.json). */
export function versionOf(nodeModules: string, name: string): string {
  const { version } = JSON.parse(readFileSync(join(nodeModules, name, "package.json"), "utf8")) as { version: string };
  return `${name} ${version}`;
}
