import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { isGeneratedByRelgen } from "../views/header.js";
import { lstatIfExists, OutputError } from "./errors.js";
import { MANIFEST_NAME, type OutputRoot, type Target } from "./layout.js";
import { IO_CONCURRENCY, mapLimit } from "./pool.js";
import { manifestSchema, readManifest, renderManifest, sameSchema, sha256, writtenBy, type ManifestWriter, type ReadManifest } from "./manifest.js";

export interface OutputDirs {
  readonly code: string;
  readonly migrations: string;
}

export type FileState = "unchanged" | "changed" | "missing";

/** A file of an earlier build that this one no longer produces. */
export interface Leftover {
  readonly rel: string;
  readonly absolute: string;
  /** Why it is kept rather than removed; undefined when it is removed. */
  readonly kept?: string;
}

/** One file as planned: what is on disk now, and the hash the manifest records. */
export interface PlannedFile {
  readonly rel: string;
  readonly absolute: string;
  readonly state: FileState;
  readonly hash: string;
}

/** What a build would do in one output root; computed under its lock, reading only. */
export interface RootPlan {
  readonly root: OutputRoot;
  readonly files: readonly PlannedFile[];
  readonly leftovers: readonly Leftover[];
  readonly manifest: { readonly text: string; readonly state: FileState };
}

export interface PlanOptions {
  readonly schema?: string;
  readonly preserve?: (absolute: string) => boolean;
  readonly createOnly?: boolean;
  /** See `fileState`: a write may trust the manifest; a check reads every file. */
  readonly trustManifest?: boolean;
  /** The command writing, recorded in the manifest; default `relgen build`. */
  readonly by?: ManifestWriter;
}

const NOT_OURS_FIX = "move it or choose another --out";
const OTHER_BUILD_FIX = "give each schema its own --out, not inside another build's output folder";
const DIAGRAMS_FIX = "write diagrams to a folder of their own, e.g. --out docs/diagrams";

type Claim = { readonly dir: string; readonly files: Readonly<Record<string, string>>; readonly by: ManifestWriter };

/**
 * Decides the files of one root one at a time, refusing (OutputError,
 * nothing written) anything that is not this build's to change: an output
 * folder of another schema, a folder on the way that is another build's
 * output folder, a symbolic link, or an existing file relgen did not write.
 * Stale files are the previous manifest's files no longer produced; they are
 * removed only if unchanged since relgen wrote them. No folder is ever walked.
 */
export class RootPlanner {
  private readonly folders = new Map<string, Promise<void>>();

  private constructor(
    readonly root: OutputRoot,
    private readonly previous: ReadManifest | undefined,
    private readonly claims: readonly Claim[],
    private readonly options: PlanOptions,
  ) {}

  static async open(root: OutputRoot, options: PlanOptions): Promise<RootPlanner> {
    const previous = await readManifest(root.dir);
    const by = options.by ?? "build";
    // Each command removes the files of its previous manifest that it no longer produces: in one folder, the other's.
    if (previous && writtenBy(previous.manifest) !== by) {
      throw by === "diagram"
        ? new OutputError(root.dir, `it holds relgen's generated code (written by \`relgen build\`, says its ${MANIFEST_NAME}); the next \`relgen build\` would remove the diagrams`, DIAGRAMS_FIX)
        : new OutputError(root.dir, `it holds diagrams (written by \`relgen diagram\`, says its ${MANIFEST_NAME}); a build there would remove them`, "give the build an --out of its own, not the diagrams' folder");
    }
    if (previous && !sameSchema(previous.manifest, root.dir, options.schema)) {
      throw new OutputError(
        root.dir,
        `it is the output folder of another schema (${previous.manifest.schema ?? "none recorded"}, in its ${MANIFEST_NAME})`,
        OTHER_BUILD_FIX,
      );
    }
    const claims = await ancestorManifests(root);
    // A build writes only through folders without a manifest: diagrams inside its output would stop the next build.
    const build = by === "diagram" ? claims.find((c) => c.by === "build") : undefined;
    if (build !== undefined) {
      throw new OutputError(root.dir, `it is inside ${build.dir}, the output folder of \`relgen build\`; the next build would refuse to write past the diagrams`, DIAGRAMS_FIX);
    }
    return new RootPlanner(root, previous, claims, options);
  }

  async plan(target: Target): Promise<PlannedFile> {
    refuseAncestorClaims(this.claims, target);
    await checkFolders(this.root, target.rel, this.folders);
    const hash = sha256(target.contents);
    const state = await fileState(target, hash, this.previous, this.options.trustManifest === true);
    if (this.options.createOnly && state !== "missing") {
      throw new OutputError(target.absolute, "already exists, and relgen never overwrites a migration", "choose another --name, or delete the file if it is yours to delete");
    }
    return { rel: target.rel, absolute: target.absolute, state, hash };
  }

  /** The rest of the root once every file is planned: what the previous build left that this one does not write, and the manifest. */
  async finish(files: readonly PlannedFile[]): Promise<RootPlan> {
    const { root, previous } = this;
    const preserve = this.options.preserve ?? (() => false);
    const produced = new Set(files.map((f) => f.rel));
    const notProduced = Object.entries(previous?.manifest.files ?? {}).filter(([rel]) => !produced.has(rel));
    const carried = notProduced.filter(([rel]) => preserve(join(root.dir, ...rel.split("/"))));
    const leftovers = await mapLimit(
      notProduced.filter(([rel]) => !preserve(join(root.dir, ...rel.split("/")))),
      IO_CONCURRENCY,
      ([rel, hash]) => leftover(root, rel, hash, this.folders),
    );
    const text = renderManifest({
      schema: manifestSchema(root.dir, this.options.schema),
      ...(this.options.by === undefined ? {} : { by: this.options.by }),
      files: Object.fromEntries([...carried, ...files.map((f) => [f.rel, f.hash] as const)]),
    });
    const state: FileState = previous === undefined ? "missing" : previous.text === text ? "unchanged" : "changed";
    return {
      root,
      files,
      leftovers: leftovers.filter((l): l is Leftover => l !== undefined).sort((a, b) => (a.rel < b.rel ? -1 : 1)),
      manifest: { text, state },
    };
  }
}

/**
 * Whether `target` is on disk as generated. A file the manifest lists is
 * read only when that can tell something: a size other than the new
 * contents' means changed; with `trust`, the manifest's hash equal to the new
 * one on a file not modified since the manifest was written (same size,
 * mtime not after the manifest's) means unchanged — relgen wrote it, so it
 * holds those bytes. Anything else is read and compared.
 */
async function fileState(target: Target, hash: string, previous: ReadManifest | undefined, trust: boolean): Promise<FileState> {
  const stat = await lstatIfExists(target.absolute);
  if (!stat) return "missing";
  if (stat.isSymbolicLink())
    throw new OutputError(target.absolute, "is a symbolic link; relgen replaces only regular files it wrote", NOT_OURS_FIX);
  if (stat.isDirectory()) throw new OutputError(target.absolute, "a directory is in the way where a file is needed", NOT_OURS_FIX);
  if (!stat.isFile()) throw new OutputError(target.absolute, "is not a regular file", NOT_OURS_FIX);
  const listed = previous !== undefined && Object.hasOwn(previous.manifest.files, target.rel);
  if (listed) {
    if (stat.size !== Buffer.byteLength(target.contents, "utf8")) return "changed";
    if (trust && previous.manifest.files[target.rel] === hash && stat.mtimeMs <= previous.mtimeMs) return "unchanged";
  }
  const current = await readFile(target.absolute, "utf8");
  if (current === target.contents) return "unchanged";
  if (previous ? listed : isGeneratedByRelgen(current)) return "changed";
  throw new OutputError(
    target.absolute,
    previous
      ? `is not relgen's: this build did not write it (it is not in ${MANIFEST_NAME})`
      : "is not relgen's: it does not start with relgen's header",
    NOT_OURS_FIX,
  );
}

async function leftover(root: OutputRoot, rel: string, hash: string, folders: Map<string, Promise<void>>): Promise<Leftover | undefined> {
  const absolute = join(root.dir, ...rel.split("/"));
  try {
    await checkFolders(root, rel, folders);
  } catch {
    return { rel, absolute, kept: "its folder is no longer this build's (a link, a file, or another build's output)" };
  }
  const stat = await lstatIfExists(absolute);
  if (!stat) return undefined;
  if (!stat.isFile()) return { rel, absolute, kept: "it is no longer a regular file" };
  if (sha256(await readFile(absolute, "utf8")) !== hash) return { rel, absolute, kept: "it was edited since relgen wrote it" };
  return { rel, absolute };
}

/**
 * Every folder between the root and a file must be a real folder (not a
 * link leading elsewhere) and not another build's output folder.
 */
async function checkFolders(root: OutputRoot, rel: string, folders: Map<string, Promise<void>>): Promise<void> {
  const parts = rel.split("/");
  for (let i = 1; i < parts.length; i++) {
    const dir = join(root.dir, ...parts.slice(0, i));
    let check = folders.get(dir);
    if (!check) {
      check = checkFolder(dir);
      folders.set(dir, check);
    }
    await check;
  }
}

async function checkFolder(dir: string): Promise<void> {
  const stat = await lstatIfExists(dir);
  if (!stat) return;
  if (stat.isSymbolicLink())
    throw new OutputError(dir, "is a symbolic link; relgen writes only into real folders of its output", NOT_OURS_FIX);
  if (!stat.isDirectory()) throw new OutputError(dir, "a file is in the way where a directory is needed", NOT_OURS_FIX);
  if (await lstatIfExists(join(dir, MANIFEST_NAME)))
    throw new OutputError(dir, `it is another build's output folder (it holds ${MANIFEST_NAME})`, OTHER_BUILD_FIX);
}

/** The manifests of the folders above the root: a build there may already have written some of these files. */
async function ancestorManifests(root: OutputRoot): Promise<Claim[]> {
  const found: Claim[] = [];
  for (let dir = dirname(root.dir); ; dir = dirname(dir)) {
    const manifest = await readManifest(dir).catch(() => undefined);
    if (manifest) found.push({ dir, files: manifest.manifest.files, by: writtenBy(manifest.manifest) });
    if (dirname(dir) === dir) return found;
  }
}

/** A folder above the root whose build already wrote this file (its manifest lists it). */
function refuseAncestorClaims(claims: readonly Claim[], target: Target): void {
  for (const { dir, files } of claims) {
    if (Object.hasOwn(files, relative(dir, target.absolute).split(sep).join("/"))) {
      throw new OutputError(
        target.absolute,
        `belongs to the build whose output folder is ${dir} (it is listed in that folder's ${MANIFEST_NAME})`,
        OTHER_BUILD_FIX,
      );
    }
  }
}

/**
 * How reports name a file: its POSIX path relative to the code directory, so the
 * default layout reads `models/user.ts` and `migrations/sqlite/0001_init.sql`.
 */
export function displayPath(absolute: string, dirs: OutputDirs): string {
  return relative(resolve(dirs.code), absolute).split(sep).join("/");
}
