// Public API of @relgen/runtime: what generated code imports. Sessions,
// loaders and cascades come later; today: schema metadata types, relation
// handle types and the errors they throw.
export type * from "./schema-meta.js";
export type * from "./relations.js";
export type * from "./loaded.js";
export { NotLoadedError } from "./errors.js";
