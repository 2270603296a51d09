// Bundles the CLI into dist/relgen.mjs. Why: chevrotain's package entry loads
// some 600 small lodash-es modules, about 400 ms of a fresh `relgen build`;
// one bundled file loads in a few. yargs (it reads its locale files from its
// own folder), handlebars and prettier stay external: each loads quickly as is.
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../dist/cli/run.js", import.meta.url).pathname],
  outfile: new URL("../dist/relgen.mjs", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["yargs", "handlebars", "prettier", "@relgen/templates"],
  logLevel: "warning",
  legalComments: "none",
});
