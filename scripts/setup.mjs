// `npm run setup`: install everything, build, and run the main job — build the
// blog fixture into out/blog and create its SQLite database with `relgen migrate deploy`.
import { rmSync } from "node:fs";
import { checkNode, install, pnpm, run, root } from "./lib/shell.mjs";

checkNode();
const steps = [
  ["install dependencies", () => install()],
  ["build packages", () => pnpm(["run", "build"])],
  ["generate fixtures/blog", () => pnpm(["run", "relgen", "build", "fixtures/blog/schema.rel", "--out", "out/blog"])],
  [
    "create out/blog/blog.db (SQLite) with relgen migrate deploy",
    () => (rmSync(`${root}out/blog/blog.db`, { force: true }), pnpm(["run", "relgen", "migrate", "deploy", "--migrations", "out/blog/migrations", "--url", "out/blog/blog.db"])),
  ],
];
for (const [title, step] of steps) {
  console.log(`\n== ${title}`);
  const status = step();
  if (status !== 0) {
    console.error(`\nsetup failed at "${title}" (exit ${status}).`);
    process.exit(status);
  }
}
console.log(`\nDone. Generated code: ${root}out/blog  ·  database: ${root}out/blog/blog.db`);
console.log("Run all tests with: npm test");
