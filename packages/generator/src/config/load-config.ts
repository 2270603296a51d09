import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { suggest } from "@relgen/dsl";
import { DIALECTS, type Dialect } from "../contract.js";

/** A project's relgen settings, with paths already relative to the current directory. */
export interface RelgenConfig {
  /** Where the settings came from (relgen.config.json, or package.json's "relgen" key), for messages. */
  readonly source: string;
  readonly schema: string;
  readonly out?: string;
  readonly migrations?: string;
  readonly dialects?: readonly Dialect[];
}

/** A config that cannot be used: which file, which key, what was expected. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}${key === undefined ? "" : `: "${key}"`}: ${reason}`);
  }
}

const KEYS = ["schema", "out", "migrations", "dialects"] as const;
/** The config file forms, in the order they are named in messages. */
const CONFIG_FILES = ["relgen.config.json", "relgen.config.mjs", "relgen.config.js"] as const;

/**
 * The nearest relgen config from `cwd` upwards: relgen.config.json,
 * relgen.config.mjs or relgen.config.js (`export default {...}`), or
 * package.json with a "relgen" key; undefined when there is none. A
 * package.json without the key does not stop the search, so a config at a
 * monorepo's root still applies. Two config files side by side are refused:
 * which one wins would be a guess.
 */
export async function loadConfig(cwd: string): Promise<RelgenConfig | undefined> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = CONFIG_FILES.map((name) => join(dir, name)).filter((file) => existsSync(file));
    if (found.length > 1) {
      throw new ConfigError(
        found.map((f) => shown(f, cwd)).join(" and "),
        undefined,
        `${found.length} config files in one folder; keep one of them and delete the other${found.length > 2 ? "s" : ""}`,
      );
    }
    const configFile = found[0];
    if (configFile !== undefined) {
      const value = configFile.endsWith(".json") ? readJson(configFile, cwd) : await importConfig(configFile, cwd);
      return validate(value, configFile, cwd);
    }
    const pkgFile = join(dir, "package.json");
    if (existsSync(pkgFile)) {
      const pkg = readJson(pkgFile, cwd);
      if (pkg !== null && typeof pkg === "object" && "relgen" in pkg) {
        return validate((pkg as Record<string, unknown>).relgen, pkgFile, cwd, "relgen.");
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** A JavaScript config's default export; a file that fails to load is the config's error, located to it. */
async function importConfig(file: string, cwd: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(shown(file, cwd), undefined, `could not be loaded (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); fix the file`);
  }
  if (module.default === undefined) {
    throw new ConfigError(shown(file, cwd), undefined, `has no default export; write \`export default { schema: "db/schema.rel", out: "src/db" }\``);
  }
  return module.default;
}

function readJson(file: string, cwd: string): unknown {
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(shown(file, cwd), undefined, `not valid JSON (${(error as Error).message}); fix the syntax`);
  }
}

function validate(value: unknown, file: string, cwd: string, prefix = ""): RelgenConfig {
  const where = shown(file, cwd);
  const fail = (key: string | undefined, reason: string): never => {
    throw new ConfigError(where, key === undefined ? undefined : prefix + key, reason);
  };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(where, prefix === "" ? undefined : "relgen", `expected an object like { "schema": "db/schema.rel", "out": "src/db" }`);
  }
  const record = value as Record<string, unknown>;
  // Sorted so that the first unknown key reported does not depend on the file's order.
  for (const key of Object.keys(record).sort()) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const near = suggest(key, KEYS);
      fail(key, `unknown key${near === undefined ? "" : `; did you mean "${near}"?`} The keys are ${KEYS.join(", ")}`);
    }
  }
  const base = dirname(file);
  const path = (key: (typeof KEYS)[number]): string | undefined => {
    const v = record[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v === "") return fail(key, `expected a path (a non-empty string, relative to ${where}), got ${JSON.stringify(v)}`);
    return relative(cwd, resolve(base, v)) || ".";
  };
  if (record.schema === undefined) fail("schema", `missing; name the entry .rel file, e.g. "schema": "db/schema.rel"`);
  const schema = path("schema")!;
  const out = path("out");
  const migrations = path("migrations");
  let dialects: Dialect[] | undefined;
  if (record.dialects !== undefined) {
    const d = record.dialects;
    if (!Array.isArray(d) || d.length === 0 || d.some((x) => typeof x !== "string" || !(DIALECTS as readonly string[]).includes(x))) {
      fail("dialects", `expected a non-empty list drawn from ${DIALECTS.map((x) => `"${x}"`).join(", ")}, got ${JSON.stringify(d)}`);
    }
    // Canonical order, so output does not depend on how the list was written.
    dialects = DIALECTS.filter((x) => (d as string[]).includes(x));
  }
  return {
    source: where,
    schema,
    ...(out === undefined ? {} : { out }),
    ...(migrations === undefined ? {} : { migrations }),
    ...(dialects === undefined ? {} : { dialects }),
  };
}

function shown(file: string, cwd: string): string {
  return relative(cwd, file) || file;
}
