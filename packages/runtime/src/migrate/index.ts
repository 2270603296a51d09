// `@relgen/runtime/migrate`: applying relgen migrations (deploy, status, down)
// and the file format they share with `relgen migrate dev`.
export * from "./format.js";
