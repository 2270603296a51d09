import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import * as path from "node:path";
import type { SchemaFile } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as catalog from "../diagnostics/catalog/imports.js";
import { parseSource } from "../syntax/parse.js";
import type { ParseCache } from "../syntax/parse-cache.js";

/**
 * The largest schema file read, in bytes (documented in docs/language.md,
 * "Files and imports"). Larger files are refused before reading.
 */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** Why a path that exists is not read: it is no regular file, or too large. */
export type Refusal = { readonly kind: "not-a-file"; readonly what: string } | { readonly kind: "too-large"; readonly bytes: number };

/** Where source text comes from: the disk, or a map in tests. Paths are keys, kept as given. */
export interface SourceHost {
  /** Set when `readFile` refused an existing path: not a regular file (checked before opening), or too large. */
  refusal?(path: string): Refusal | undefined;
  /** The file's text, or undefined when it is missing or unreadable. */
  readFile(path: string): string | undefined;
  /** The key of `spec` imported from `fromFile` (relative to its folder). */
  resolve(fromFile: string, spec: string): string;
  /** Why `readFile` gave nothing, when it was not simply missing ("it is a directory"). */
  whyUnreadable?(path: string): string | undefined;
}

export interface LoadResult {
  /** Entry first, then imports depth-first in import order; each file once. */
  readonly files: readonly SchemaFile[];
  readonly sources: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

/** A missing file needs no reason; anything else does. */
function unreadableReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return undefined;
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

function refusalText(r: Refusal): string {
  return r.kind === "not-a-file" ? (r.what === "a directory" ? "it is a directory" : `it is ${r.what}, not a regular file`)
    : `it is ${r.bytes} bytes, over the ${catalog.mib(MAX_SOURCE_BYTES)} limit`;
}

/** Text from any host (a memory host too) is held to the same size limit. */
function oversize(text: string): Refusal | undefined {
  // UTF-8 is at most 3 bytes per UTF-16 unit: skip counting when it cannot be over
  if (text.length * 3 <= MAX_SOURCE_BYTES) return undefined;
  const bytes = Buffer.byteLength(text, "utf8");
  return bytes > MAX_SOURCE_BYTES ? { kind: "too-large", bytes } : undefined;
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Posix-normalised join that keeps relative paths relative (so output never holds absolute paths). */
function resolveWith(p: typeof path.posix, fromFile: string, spec: string): string {
  if (p.isAbsolute(spec)) return p.normalize(spec);
  return p.normalize(p.join(p.dirname(fromFile), spec));
}

/** What a non-regular file is, for the message ("a directory", "a FIFO (named pipe)"). */
function whatItIs(stat: import("node:fs").Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/**
 * Reads a regular file of at most MAX_SOURCE_BYTES. `stat` comes first and
 * follows symbolic links: a FIFO or `/dev/zero` is never opened (opening a
 * FIFO blocks, reading a device never ends). Reading stops one byte past the
 * limit, so a file that grows meanwhile cannot make it read forever either.
 */
function readRegularFile(file: string): string | Refusal {
  const stat = statSync(file);
  if (!stat.isFile()) return { kind: "not-a-file", what: whatItIs(stat) };
  if (stat.size > MAX_SOURCE_BYTES) return { kind: "too-large", bytes: stat.size };
  const fd = openSync(file, "r");
  try {
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(stat.size - length, 64 * 1024), MAX_SOURCE_BYTES + 1 - length));
      const n = chunk.length === 0 ? 0 : readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
    }
    if (length > MAX_SOURCE_BYTES) return { kind: "too-large", bytes: Math.max(length, fstatSync(fd).size) };
    return Buffer.concat(chunks, length).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

export function nodeHost(root: string = process.cwd()): SourceHost {
  const reasons = new Map<string, string>();
  const refusals = new Map<string, Refusal>();
  return {
    readFile(file) {
      try {
        const read = readRegularFile(path.resolve(root, file));
        if (typeof read === "string") return read;
        refusals.set(file, read);
        reasons.set(file, refusalText(read));
        return undefined;
      } catch (error) {
        const reason = unreadableReason(error);
        if (reason) reasons.set(file, reason);
        return undefined;
      }
    },
    refusal: (file) => refusals.get(file),
    whyUnreadable: (file) => reasons.get(file),
    resolve: (fromFile, spec) => resolveWith(path.posix, toPosix(fromFile), toPosix(spec)),
  };
}

export function memoryHost(files: Record<string, string>): SourceHost {
  const byPath = new Map(Object.entries(files).map(([k, v]) => [path.posix.normalize(k), v]));
  return {
    readFile: (file) => byPath.get(path.posix.normalize(file)),
    resolve: (fromFile, spec) => resolveWith(path.posix, fromFile, spec),
  };
}

/** Reads and parses the entry file and everything it imports. Never throws. `cache`: see `parseSource`. */
export function loadSchema(entryPath: string, host: SourceHost, cache?: ParseCache): LoadResult {
  // `./a.rel` and `a.rel` must be one key, or an import back to the entry would load it twice.
  const entry = path.posix.normalize(toPosix(entryPath));
  const files: SchemaFile[] = [];
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const loaded = new Set<string>();

  const entryText = host.readFile(entry);
  const entryTooLarge = entryText === undefined ? undefined : oversize(entryText);
  if (entryText === undefined || entryTooLarge) {
    const span = { file: entry, start: 0, end: 0, line: 1, column: 1 };
    const reason = entryTooLarge ? refusalText(entryTooLarge) : host.whyUnreadable?.(entry);
    return { files, sources, diagnostics: [catalog.entryNotFound(span, entry, reason)] };
  }

  // `chain` is the import stack from the entry to `file`: meeting a file on it again is a cycle.
  const visit = (file: string, text: string, chain: readonly string[]): void => {
    loaded.add(file);
    sources.set(file, text);
    const { ast, diagnostics: parsed } = parseSource(text, file, cache);
    files.push(ast);
    diagnostics.push(...parsed);
    for (const imp of ast.imports) {
      const target = host.resolve(file, imp.path);
      const at = imp.pathSpan ?? imp.span;
      const cycleStart = [...chain, file].indexOf(target);
      if (cycleStart >= 0) {
        diagnostics.push(catalog.importCycle(at, [...[...chain, file].slice(cycleStart), target]));
        continue;
      }
      if (loaded.has(target)) continue; // diamond: already loaded through another path
      const targetText = host.readFile(target);
      const refused = targetText === undefined ? host.refusal?.(target) : oversize(targetText);
      if (refused) {
        diagnostics.push(refused.kind === "not-a-file" ? catalog.importNotAFile(at, imp.path, refused.what)
          : catalog.importTooLarge(at, imp.path, refused.bytes, MAX_SOURCE_BYTES));
        continue;
      }
      if (targetText === undefined) {
        diagnostics.push(catalog.importNotFound(at, imp.path, target, host.whyUnreadable?.(target)));
        continue;
      }
      visit(target, targetText, [...chain, file]);
    }
  };
  visit(entry, entryText, []);
  return { files, sources, diagnostics };
}
