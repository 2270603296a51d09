import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The compiler keys files by posix path; the protocol by URI. A `file:` URI
 * maps to its absolute path, so imports resolve beside it and unopened
 * imports are read from disk; any other scheme (an unsaved `untitled:`
 * buffer) keeps its URI as its key and can only import other open buffers.
 */
export function uriToPath(uri: string): string {
  if (!uri.startsWith("file:")) return uri;
  return fileURLToPath(uri).split(path.sep).join("/");
}

/** Paths the client opened map back to the URI it used (its own spelling); others are made from the path. */
export class UriBook {
  readonly #byPath = new Map<string, string>();

  remember(uri: string): string {
    const key = uriToPath(uri);
    this.#byPath.set(key, uri);
    return key;
  }

  uriOf(file: string): string {
    return this.#byPath.get(file) ?? (path.posix.isAbsolute(file) ? pathToFileURL(file).href : file);
  }
}
