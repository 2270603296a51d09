import { readFileSync } from "node:fs";

/**
 * The complete example from the language spec, verbatim: the spec-example
 * fixture holds it (and the golden tests generate from the same file).
 */
export const SPEC_EXAMPLE = readFileSync(new URL("../../../../fixtures/spec-example/schema.rel", import.meta.url), "utf8");
