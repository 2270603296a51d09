import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { MIGRATION_ID, SNAPSHOTS_DIR, UP_SUFFIX, DOWN_SUFFIX } from "@relgen/runtime/migrate";
import { DIALECTS, type Dialect } from "../contract.js";
import { parseSnapshot, SnapshotError } from "../migrate/index.js";
import type { SchemaSnapshot } from "../migrate/snapshot-types.js";
import { isNodeError, OutputError } from "../write/errors.js";

/** What a project's migrations folder holds, as `migrate dev` and `build` need it. */
export interface MigrationsFolder {
  readonly dir: string;
  /** The newest snapshot: the schema the last migration left the database in. Absent before the first migration. */
  readonly latest?: { readonly id: string; readonly snapshot: SchemaSnapshot };
  /** Dialect folders holding at least one migration, in canonical order. */
  readonly dialects: readonly Dialect[];
  /** Every migration id seen (snapshots and dialect folders), sorted. */
  readonly ids: readonly string[];
}

/**
 * Reads names only, plus the newest snapshot. A file that looks like a
 * migration but is misnamed is refused here, before anything is written
 * beside it, so numbering never goes wrong silently.
 */
export async function readMigrationsFolder(dir: string): Promise<MigrationsFolder> {
  const snapshotIds = (await list(join(dir, SNAPSHOTS_DIR)))
    .filter((f) => f.endsWith(".json"))
    .map((f) => checkedId(join(dir, SNAPSHOTS_DIR, f), f.slice(0, -".json".length)));
  const ids = new Set(snapshotIds);
  const dialects: Dialect[] = [];
  for (const dialect of DIALECTS) {
    const sql = (await list(join(dir, dialect))).filter((f) => f.endsWith(UP_SUFFIX) && !f.endsWith(DOWN_SUFFIX));
    if (sql.length > 0) dialects.push(dialect);
    for (const f of sql) ids.add(checkedId(join(dir, dialect, f), f.slice(0, -UP_SUFFIX.length)));
  }
  const sorted = [...ids].sort(byNumber);
  const numbers = new Map<number, string>();
  for (const id of sorted) {
    const n = Number(MIGRATION_ID.exec(id)?.[1]);
    const other = numbers.get(n);
    if (other !== undefined) {
      throw new OutputError(join(dir, id), `has the same number as ${other}`, "give one of them the next free number (renaming files of a migration no database has run yet is safe)");
    }
    numbers.set(n, id);
  }
  const newest = [...snapshotIds].sort(byNumber).at(-1);
  if (newest === undefined) return { dir, dialects, ids: sorted };
  const path = join(dir, SNAPSHOTS_DIR, `${newest}.json`);
  let snapshot: SchemaSnapshot;
  try {
    snapshot = parsedSnapshot(await readFile(path, "utf8"), path);
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    throw new OutputError(path, error.reason, "restore it from version control: relgen writes it with each migration and reads the newest to find what changed");
  }
  return { dir, dialects, ids: sorted, latest: { id: newest, snapshot } };
}

/** The last snapshot parsed, by its path and exact text. */
let lastParsed: { readonly path: string; readonly text: string; readonly snapshot: SchemaSnapshot } | undefined;

/**
 * `parseSnapshot`, once per text: `build --watch` reads the same newest
 * snapshot every build, and parsing it (every field checked) took longer
 * than reading it. The snapshot is readonly data, so sharing it is safe.
 */
function parsedSnapshot(text: string, path: string): SchemaSnapshot {
  if (lastParsed?.path === path && lastParsed.text === text) return lastParsed.snapshot;
  const snapshot = parseSnapshot(text, path);
  lastParsed = { path, text, snapshot };
  return snapshot;
}

/** `0002_add_nickname` for the name "Add nickname!" after 0001. */
export function nextMigrationId(folder: MigrationsFolder, name: string): string {
  const last = folder.ids.at(-1);
  const next = last === undefined ? 1 : Number(MIGRATION_ID.exec(last)?.[1]) + 1;
  return `${String(next).padStart(4, "0")}_${name}`;
}

/** A name as a migration id's tail (lowercase words joined by `_`), or undefined when nothing usable is left. */
export function migrationSlug(name: string): string | undefined {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60)
    .replace(/_+$/, "");
  return slug === "" ? undefined : slug;
}

function checkedId(path: string, id: string): string {
  if (!MIGRATION_ID.test(id)) {
    throw new OutputError(path, "is not named like a migration (NNNN_name, lowercase words)", "rename it, or move it out of the migrations folder");
  }
  return id;
}

function byNumber(a: string, b: string): number {
  return Number(MIGRATION_ID.exec(a)?.[1]) - Number(MIGRATION_ID.exec(b)?.[1]) || (a < b ? -1 : a > b ? 1 : 0);
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if (isNodeError(error) && (error.code === "ENOENT" || error.code === "ENOTDIR")) return [];
    throw error;
  }
}
