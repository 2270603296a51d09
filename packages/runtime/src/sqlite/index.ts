// `@relgen/runtime/sqlite`: the SQLite driver and its dialect, in their own
// entry point so that importing the runtime does not load better-sqlite3.
export { sqlite, type SqliteOptions } from "./sqlite-driver.js";
export { sqliteDialect, SqliteDialect } from "./sqlite-dialect.js";
export { classifySqliteError } from "./sqlite-errors.js";
