// Bundles the CLI into dist/relgen.mjs. Why: chevrotain's package entry loads
// some 600 small lodash-es modules, about 400 ms of a fresh `relgen build`;
// one bundled file loads in a few. yargs (it reads its locale files from its
// own folder), handlebars and prettier stay external: each loads quickly as is.
// The database libraries stay external too: native code (better-sqlite3), and
// optional peers (pg, mysql2) that load only when a URL needs them. So does
// @relgen/runtime: bundled, its lazily imported drivers would be inlined and
// their `import "pg"` hoisted to the top of the bundle, so every command would
// need every database library installed. @viz-js/viz (Graphviz as WebAssembly,
// some 1.5 MB) loads only when `relgen diagram` draws an SVG.
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../dist/cli/run.js", import.meta.url).pathname],
  outfile: new URL("../dist/relgen.mjs", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["@relgen/runtime", "yargs", "handlebars", "prettier", "better-sqlite3", "pg", "mysql2", "mysql2/promise", "@viz-js/viz"],
  logLevel: "warning",
  legalComments: "none",
});
