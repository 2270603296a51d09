// Every diagnostic constructor, by stage (see README.md for the code ranges).
export * from "./syntax.js";
export * from "./imports.js";
export * from "./names.js";
export * from "./types.js";
export * from "./attributes.js";
export * from "./entities.js";
export * from "./relations.js";
export * from "./rules.js";
export * from "./migrations.js";
