// Public API of @relgen/generator: generate (pure), then write or check.
export { generate } from "./generate.js";
export { checkGenerated, OutputError, writeGenerated, type CheckReport, type WriteOptions, type WriteReport } from "./write/writer.js";
export type { OutputDirs } from "./write/plan.js";
export * from "./contract.js";
export { GenerationCache } from "./reuse/generation-cache.js";
// The CLI as a function (argv in, exit code out), for build tools and tests that run relgen in-process.
export { main as runRelgen } from "./cli/main.js";
export type { CliIo } from "./cli/io.js";
