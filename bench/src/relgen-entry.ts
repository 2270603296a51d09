// What the relgen contender loads: the runtime's built package (dist, what
// users get) and the blog fixture's generated models. A baseline build
// (`--baseline <rev>`) gets a copy of this file next to that revision's files.
export { createEngine } from "@relgen/runtime";
export { sqlite } from "@relgen/runtime/sqlite";
export { postgres } from "@relgen/runtime/postgres";
export { mysql } from "@relgen/runtime/mysql";
export { models, schema, User } from "../../fixtures/blog/expected/index.js";
