// `@relgen/runtime/postgres`: the PostgreSQL driver (over pg) and its dialect,
// in their own entry point so that importing the runtime does not load pg.
export { postgres, type PostgresOptions } from "./postgres-driver.js";
export type { IsolationLevel } from "../driver/pooled-connection.js";
export { postgresDialect, PostgresDialect } from "./postgres-dialect.js";
export { classifyPostgresError, classifyPostgresTransient } from "./postgres-errors.js";
