import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { error } from "./make.js";

// E02xx: loading files and following `import`.

export function importNotFound(span: Span, spec: string, tried: string, reason?: string): Diagnostic {
  return error(
    "E0201",
    span,
    reason ? `imported file "${spec}" cannot be read: ${reason}` : `imported file "${spec}" not found`,
    `looked for \`${tried}\`; import paths are relative to the importing file`,
  );
}

/** `chain` starts and ends with the same file: [a, b, a]. */
export function importCycle(span: Span, chain: readonly string[]): Diagnostic {
  const self = chain.length === 2;
  return error(
    "E0202",
    span,
    self ? `file imports itself: ${chain.join(" → ")}` : `import cycle: ${chain.join(" → ")}`,
    self ? "remove this import" : "remove one of these imports; files sharing declarations can both be imported by a third file",
  );
}

export function entryNotFound(span: Span, path: string, reason?: string): Diagnostic {
  return error(
    "E0203",
    span,
    reason ? `schema file "${path}" cannot be read: ${reason}` : `schema file "${path}" not found`,
    reason === "it is a directory" ? "name the .rel file inside it" : "check the path (it is read relative to the working directory)",
  );
}

/** An import naming a directory, a device (`/dev/zero`), a FIFO or a socket: only regular files are read. */
export function importNotAFile(span: Span, spec: string, what: string): Diagnostic {
  return error("E0204", span, `imported "${spec}" is not a regular file: it is ${what}`,
    "import a `.rel` file; symbolic links to regular files are fine");
}

/** An import over the size limit (MAX_SOURCE_BYTES in source/loader.ts); it is not read. */
export function importTooLarge(span: Span, spec: string, bytes: number, limit: number): Diagnostic {
  return error("E0205", span, `imported file "${spec}" is too large: ${bytes} bytes, over the ${mib(limit)} limit`,
    "split the schema into several files that import each other");
}

export function mib(bytes: number): string {
  return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
