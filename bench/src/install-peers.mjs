// `npm run bench:peers`: installs the peer ORMs into bench/peers (their own
// package.json and lockfile, so `npm run setup` never installs them) and
// generates the Prisma client. Everything comes from the npm registry:
// better-sqlite3 builds from source when no prebuilt binary can be fetched,
// Prisma 7's client needs no query-engine binary, and `prisma generate` does
// not run the schema engine — but its CLI still downloads one first
// (binaries.prisma.sh, unreachable here) unless PRISMA_SCHEMA_ENGINE_BINARY
// names an executable; any will do, since generate never starts it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const peers = fileURLToPath(new URL("../peers", import.meta.url));
const step = (title, command, args, env = {}) => {
  console.log(`\n== ${title}`);
  const { status } = spawnSync(command, args, { cwd: peers, stdio: "inherit", env: { ...process.env, ...env } });
  if (status !== 0) {
    console.error(`bench:peers failed at "${title}" (exit ${status})`);
    process.exit(status ?? 1);
  }
};
step("install the peers (npm ci in bench/peers)", "npm", ["ci", "--no-audit", "--no-fund"]);
step("generate the Prisma client", "node_modules/.bin/prisma", ["generate"], {
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
});
