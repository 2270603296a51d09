import { posix } from "node:path";
import { tsString } from "../render/ts-layout.js";
import type { NameSet } from "./context.js";
/**
 * Every name the generated code uses, derived in one place. Templates never
 * build names; views call these.
 */

import { kebabCase, words } from "@relgen/dsl";

export { kebabCase, words };

/** `BlogPost` → `blogPost`, `HTTPLog` → `httpLog`: the variable a user would name an instance. */
export function camelCase(name: string): string {
  return words(name)
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join("");
}

/** The model class: the entity name as written (already a TypeScript identifier). */
export function className(entity: string): string {
  return entity;
}

/** A column or relation property: the field name exactly as written (`userId` stays `userId`). */
export function propertyName(field: string): string {
  return field;
}

/** What `new User(init)` takes. */
export function initInterfaceName(entity: string): string {
  return `${className(entity)}Init`;
}

/** Path of an entity's model file, relative to the code root. */
export function modelFilePath(entity: string): string {
  return `models/${kebabCase(entity)}.ts`;
}

/** ESM specifier of a model file, from a file in `fromDir` ("" = code root, "models" = another model). */
export function modelSpecifier(entity: string, fromDir: "" | "models"): string {
  const file = `${kebabCase(entity)}.js`;
  return fromDir === "models" ? `./${file}` : `./models/${file}`;
}

export const ENUMS_FILE = "enums.ts";
export const SCHEMA_FILE = "schema.ts";
export const INDEX_FILE = "index.ts";

/** ESM specifier of index.ts from a file in `fromDir`. */
export function indexSpecifier(fromDir: "" | "models"): string {
  return fromDir === "models" ? "../index.js" : "./index.js";
}

export function enumsSpecifier(fromDir: "" | "models"): string {
  return fromDir === "models" ? "../enums.js" : "./enums.js";
}

/**
 * Where a model imports a `@type(..., from: ...)` type from: a relative `from`
 * is relative to the output directory, so it gains one `../` in models/; a
 * package name is kept as written.
 */
export function declaredTypeSpecifier(from: string, fromDir: "" | "models"): string {
  if (!from.startsWith("./") && !from.startsWith("../")) return from;
  if (fromDir === "") return from;
  return posix.join("..", from);
}

export const SCHEMA_SPECIFIER = "./schema.js";
export const SCHEMA_CONST = "schema";
export const MODELS_CONST = "models";
export const RUNTIME_MODULE = "@relgen/runtime";
/** The runtime function a model file calls to register its class (installs the relation handles). */
export const DEFINE_ENTITY = "defineEntity";
/** The runtime function schema.ts passes its compact metadata to (expands it to SchemaMeta). */
export const DEFINE_SCHEMA = "defineSchema";

/** ESM specifier of schema.ts from a file in `fromDir`. */
export function schemaSpecifier(fromDir: "" | "models"): string {
  return fromDir === "models" ? "../schema.js" : SCHEMA_SPECIFIER;
}

/**
 * Local name for a type imported from the runtime. A schema may declare an
 * entity or enum called `Reference` or `Collection`; then the runtime's type
 * is imported under an alias so the two never clash.
 */
export function runtimeTypeLocal(runtimeName: string, schemaNames: NameSet): string {
  return schemaNames.has(runtimeName) ? `Relgen${runtimeName}` : runtimeName;
}

/**
 * Local name for a value a model file imports (`defineEntity`, `schema`): the
 * same rule for values, so an entity named `schema` keeps its name.
 */
export function importedValueLocal(name: string, schemaNames: NameSet): string {
  return schemaNames.has(name) ? `relgen${name.charAt(0).toUpperCase()}${name.slice(1)}` : name;
}

/** An import specifier: `name`, or `name as local` when it is aliased. */
export function localSpec(name: string, local: string): string {
  return local === name ? name : `${name} as ${local}`;
}

/** The first migration's id: what `relgen build` writes before any `migrate dev`. */
export const INIT_MIGRATION_ID = "0001_init";

/** Migration file paths, relative to the migrations root (layout: `@relgen/runtime/migrate` format.ts). */
export function migrationUpPath(dialect: string, id = INIT_MIGRATION_ID): string {
  return `${dialect}/${id}.sql`;
}

export function migrationDownPath(dialect: string, id = INIT_MIGRATION_ID): string {
  return `${dialect}/${id}.down.sql`;
}

export function migrationCatalogPath(dialect: string, id = INIT_MIGRATION_ID): string {
  return `${dialect}/${id}.catalog.json`;
}

export function snapshotPath(id: string): string {
  return `snapshots/${id}.json`;
}

export const INIT_SNAPSHOT_PATH = snapshotPath(INIT_MIGRATION_ID);

/** Object-literal key: `__proto__` would set the prototype, so it is computed instead. */
export function propertyKey(name: string): string {
  if (name === "__proto__") return `["__proto__"]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : tsString(name);
}
