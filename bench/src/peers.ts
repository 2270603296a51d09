// The peer ORMs: their own package (bench/peers) with its own lockfile,
// installed on demand by `npm run bench:peers`, never by `npm run setup`.
export const peersDir = new URL("../peers", import.meta.url).pathname;
export const PEERS = ["drizzle", "kysely", "typeorm", "mikro-orm", "prisma"] as const;
