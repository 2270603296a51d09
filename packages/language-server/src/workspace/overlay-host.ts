import { nodeHost, type SourceHost } from "@relgen/dsl";

/**
 * The disk as `relgen build` reads it, with the editor's open buffers laid
 * over it: an unsaved edit is what the compiler sees, in the file itself and
 * in every file that imports it.
 */
export function overlayHost(openText: (file: string) => string | undefined, disk: SourceHost = nodeHost("/")): SourceHost {
  return {
    readFile: (file) => openText(file) ?? disk.readFile(file),
    refusal: (file) => (openText(file) === undefined ? disk.refusal?.(file) : undefined),
    whyUnreadable: (file) => (openText(file) === undefined ? disk.whyUnreadable?.(file) : undefined),
    resolve: (fromFile, spec) => disk.resolve(fromFile, spec),
  };
}
