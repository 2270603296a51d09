// Prisma 7 reads its settings here. Only `prisma generate` runs (offline); the
// benchmark opens the database through @prisma/adapter-better-sqlite3.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: "file:./unused.db" },
});
