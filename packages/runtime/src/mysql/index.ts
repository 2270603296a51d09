// `@relgen/runtime/mysql`: the MySQL / MariaDB driver (over mysql2) and its
// dialect, in their own entry point so that importing the runtime does not load mysql2.
export { mysql, type MysqlOptions } from "./mysql-driver.js";
export type { IsolationLevel } from "../driver/pooled-connection.js";
export { mysqlDialect, MysqlDialect } from "./mysql-dialect.js";
export { classifyMysqlError, classifyMysqlTransient } from "./mysql-errors.js";
