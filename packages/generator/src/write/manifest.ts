import { createHash } from "node:crypto";
import { lstat, readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { isNodeError, OutputError } from "./errors.js";
import { MANIFEST_NAME, unsafePath } from "./layout.js";

/**
 * `.relgen-manifest.json`: what one build wrote into one output root. It
 * names the schema (relative to the root, so moving the project keeps it) and
 * each file's SHA-256, so a later build removes only files it wrote and that
 * nobody edited since. Deterministic: sorted, no timestamps.
 */
export interface Manifest {
  /** The schema file, POSIX, relative to the root; null when the writer was called without one. */
  readonly schema: string | null;
  /** POSIX path relative to the root → hex SHA-256 of the contents relgen wrote. */
  readonly files: Readonly<Record<string, string>>;
  /**
   * The command that wrote it, recorded only for `relgen diagram` (absent
   * means `relgen build`, so build output and older manifests stay as they
   * are): each command would remove the other's files as ones it no longer
   * produces, so neither writes into the other's folder.
   */
  readonly by?: ManifestWriter;
}

export type ManifestWriter = "build" | "diagram";

/** Who wrote `manifest`, the absent field read as `relgen build`. */
export function writtenBy(manifest: Pick<Manifest, "by">): ManifestWriter {
  return manifest.by ?? "build";
}

const FORMAT = 1;

export function sha256(contents: string): string {
  return createHash("sha256").update(contents, "utf8").digest("hex");
}

export function manifestSchema(rootDir: string, schema: string | undefined): string | null {
  return schema === undefined ? null : relative(rootDir, resolve(schema)).split(sep).join("/");
}

export function renderManifest(manifest: Manifest): string {
  const files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const by = manifest.by === "diagram" ? { by: manifest.by } : {};
  return `${JSON.stringify({ relgen: FORMAT, schema: manifest.schema, ...by, files }, null, 2)}\n`;
}

export interface ReadManifest {
  readonly manifest: Manifest;
  /** The file's text, to tell whether the new one differs. */
  readonly text: string;
  /** When it was last written: a file listed in it and not modified since still holds what relgen wrote. */
  readonly mtimeMs: number;
}

/** The manifest in `dir`, undefined if there is none; a damaged or foreign one is refused. */
export async function readManifest(dir: string): Promise<ReadManifest | undefined> {
  const path = join(dir, MANIFEST_NAME);
  const stat = await lstat(path).catch((error: unknown) => {
    if (isNodeError(error) && (error.code === "ENOENT" || error.code === "ENOTDIR")) return undefined;
    throw error;
  });
  if (!stat) return undefined;
  const fix = `delete ${MANIFEST_NAME} if this folder holds only relgen's output (the next build then treats it as an older relgen's output)`;
  if (!stat.isFile()) throw new OutputError(path, "is not a regular file (a symbolic link or a folder)", fix);
  const text = await readFile(path, "utf8");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new OutputError(path, "is not valid JSON", fix);
  }
  const record = data as { relgen?: unknown; schema?: unknown; by?: unknown; files?: unknown };
  if (
    typeof data !== "object" || data === null || record.relgen !== FORMAT ||
    !(record.schema === null || typeof record.schema === "string") ||
    !(record.by === undefined || record.by === "diagram") ||
    typeof record.files !== "object" || record.files === null ||
    Object.entries(record.files).some(([p, h]) => typeof h !== "string" || unsafePath(p) !== undefined)
  ) {
    throw new OutputError(path, `is not a relgen manifest this version understands (format ${FORMAT})`, fix);
  }
  const by = record.by === "diagram" ? { by: "diagram" as const } : {};
  return { manifest: { schema: record.schema, ...by, files: record.files as Record<string, string> }, text, mtimeMs: stat.mtimeMs };
}

/** Whether the manifest in `rootDir` was written by a build of `schema` (absolute, or undefined for none). */
export function sameSchema(manifest: Manifest, rootDir: string, schema: string | undefined): boolean {
  if (manifest.schema === null || schema === undefined) return manifest.schema === null && schema === undefined;
  return resolve(rootDir, manifest.schema) === resolve(schema);
}
