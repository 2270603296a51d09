// `npm run bench:peers`: installs the peer ORMs into bench/peers (their own
// package.json and lockfile, so `npm run setup` never installs them) and
// generates the Prisma client. Everything comes from the npm registry:
// better-sqlite3 builds from source when no prebuilt binary can be fetched,
// Prisma 7's client needs no query-engine binary, and `prisma generate` does
// not run the schema engine.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const peers = fileURLToPath(new URL("../peers", import.meta.url));
const step = (title, command, args) => {
  console.log(`\n== ${title}`);
  const { status } = spawnSync(command, args, { cwd: peers, stdio: "inherit" });
  if (status !== 0) {
    console.error(`bench:peers failed at "${title}" (exit ${status})`);
    process.exit(status ?? 1);
  }
};
step("install the peers (npm ci in bench/peers)", "npm", ["ci", "--no-audit", "--no-fund"]);
step("generate the Prisma client", "node_modules/.bin/prisma", ["generate"]);
