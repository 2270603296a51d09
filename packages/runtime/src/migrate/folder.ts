import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CATALOG_SUFFIX, DOWN_SUFFIX, MIGRATION_ID, UP_SUFFIX, type Catalog, type MigrationDialect } from "./format.js";
import { MigrationsFolderError } from "./errors.js";

/** One migration as found on disk for one dialect. Files are read on demand. */
export interface MigrationFiles {
  readonly id: string;
  /** The numeric prefix, for ordering. */
  readonly number: bigint;
  readonly upPath: string;
  /** Absent when the folder has no down file. */
  readonly downPath?: string;
  readonly catalogPath?: string;
}

/**
 * The migrations of one dialect, ordered by their numeric prefix. Anything the
 * migrator does not recognise is an error rather than something skipped, so a
 * misnamed migration (`2_add_x.sql`, `0002-add-x.sql`) is never silently left out.
 */
export function discoverMigrations(dir: string, dialect: MigrationDialect): MigrationFiles[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MigrationsFolderError(
      `The migrations folder ${dir} does not exist. Pass the folder that holds sqlite/, postgres/ and mysql/ ` +
        `(\`--migrations <dir>\`); \`relgen build\` and \`relgen migrate dev\` create it.`,
      dir,
    );
  }
  const dialectDir = join(dir, dialect);
  if (!existsSync(dialectDir) || !statSync(dialectDir).isDirectory()) {
    throw new MigrationsFolderError(
      `The migrations folder ${dir} has no ${dialect}/ folder, so it holds no migrations for this database. ` +
        `Generate them for ${dialect} (\`relgen build\` / \`relgen migrate dev\` write every dialect unless told otherwise), ` +
        `or check that --migrations points at the right folder.`,
      dialectDir,
    );
  }
  const ups = new Map<string, string>();
  const downs = new Map<string, string>();
  const catalogs = new Map<string, string>();
  for (const name of readdirSync(dialectDir).sort()) {
    if (name.startsWith(".")) continue;
    const path = join(dialectDir, name);
    const [id, into] = name.endsWith(DOWN_SUFFIX)
      ? [name.slice(0, -DOWN_SUFFIX.length), downs]
      : name.endsWith(CATALOG_SUFFIX)
        ? [name.slice(0, -CATALOG_SUFFIX.length), catalogs]
        : name.endsWith(UP_SUFFIX)
          ? [name.slice(0, -UP_SUFFIX.length), ups]
          : [undefined, undefined];
    if (id === undefined || into === undefined || !MIGRATION_ID.test(id)) {
      throw new MigrationsFolderError(
        `${path} is not a migration file. Files in ${dialectDir} are named NNNN_name.sql (up), NNNN_name${DOWN_SUFFIX} ` +
          `and NNNN_name${CATALOG_SUFFIX}, where NNNN is four or more digits and name is lowercase words joined by ` +
          `underscores (e.g. 0002_add_nickname.sql). Rename the file, or move it out of the folder.`,
        path,
      );
    }
    into.set(id, path);
  }
  for (const [id, path] of [...downs, ...catalogs]) {
    if (!ups.has(id)) {
      throw new MigrationsFolderError(
        `${path} belongs to migration ${id}, whose up file ${id}${UP_SUFFIX} is missing. Restore it or remove ${path}.`,
        path,
      );
    }
  }
  const migrations = [...ups].map(([id, upPath]): MigrationFiles => {
    const downPath = downs.get(id);
    const catalogPath = catalogs.get(id);
    return {
      id,
      number: BigInt(MIGRATION_ID.exec(id)![1]!),
      upPath,
      ...(downPath === undefined ? {} : { downPath }),
      ...(catalogPath === undefined ? {} : { catalogPath }),
    };
  });
  migrations.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  for (let i = 1; i < migrations.length; i++) {
    const [a, b] = [migrations[i - 1]!, migrations[i]!];
    if (a.number === b.number) {
      throw new MigrationsFolderError(
        `Migrations ${a.id} and ${b.id} in ${dialectDir} have the same number, so their order is undefined. ` +
          `Renumber the one that has not been applied anywhere yet (e.g. two branches each added one: give the later one the next free number).`,
        b.upPath,
      );
    }
  }
  return migrations;
}

/** SHA-256 of the file with CRLF read as LF, so a checkout on Windows does not look like an edit. */
export function checksumOf(text: string): string {
  return createHash("sha256").update(text.replace(/\r\n/g, "\n")).digest("hex");
}

export function readText(path: string): string {
  return readFileSync(path, "utf8");
}

/** A migration's expected catalog, checked enough to compare with. */
export function readCatalog(migration: MigrationFiles, dialect: MigrationDialect): Catalog {
  const path = migration.catalogPath;
  if (path === undefined) {
    throw new MigrationsFolderError(
      `Migration ${migration.id} has no ${migration.id}${CATALOG_SUFFIX} beside it, so the migrator cannot tell whether ` +
        `the database drifted. \`relgen migrate dev\` writes it (also for --empty migrations); restore it from version control.`,
      migration.upPath.slice(0, -UP_SUFFIX.length) + CATALOG_SUFFIX,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(path));
  } catch (error) {
    throw new MigrationsFolderError(
      `${path} is not valid JSON (${(error as Error).message}). Restore it from version control.`,
      path,
    );
  }
  const catalog = parsed as Partial<Catalog> | null;
  if (
    catalog === null ||
    typeof catalog !== "object" ||
    catalog.dialect !== dialect ||
    !Array.isArray(catalog.tables) ||
    !Array.isArray(catalog.enums)
  ) {
    throw new MigrationsFolderError(
      `${path} is not a ${dialect} catalog (expected an object with "dialect": "${dialect}", "tables" and "enums"). Restore it from version control.`,
      path,
    );
  }
  return catalog as Catalog;
}
